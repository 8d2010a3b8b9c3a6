import { Node, type Expression } from 'ts-morph';
import { skipOuterExpressions } from './expressions.js';
import { declarationOf } from './scope.js';

/** Globals that live as long as the page or process, and everything reached from them. */
const GLOBAL_OBJECTS = new Set(['window', 'document', 'globalThis', 'self', 'screen', 'navigator', 'visualViewport']);

/** The page's globals, and Node's `process`: roots that live as long as the program. */
const PROGRAM_LIFETIME_GLOBALS = new Set([...GLOBAL_OBJECTS, 'process']);

/** `window`, `document.body`, `self.visualViewport`: a target reached from a global object, not shadowed. */
export const isOnGlobalObject = (target: Expression): boolean => rootGlobalIn(target, GLOBAL_OBJECTS);

/** A global object of the page, or Node's `process` (`process.stdin`), not shadowed. */
export const isOnProgramGlobal = (target: Expression): boolean => rootGlobalIn(target, PROGRAM_LIFETIME_GLOBALS);

function rootGlobalIn(target: Expression, globals: ReadonlySet<string>): boolean {
  let node = skipOuterExpressions(target);
  while (Node.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.getExpression());
  return Node.isIdentifier(node) && globals.has(node.getText()) && !declarationOf(node);
}
