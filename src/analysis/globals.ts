import { Node, type Expression } from 'ts-morph';
import { chainRoot } from './expressions.js';
import { declarationOf } from './scope.js';

/** Globals that live as long as the page or process, and everything reached from them. */
const GLOBAL_OBJECTS = new Set(['window', 'document', 'globalThis', 'self', 'screen', 'navigator', 'visualViewport']);

/** The page's globals, and Node's `process`: roots that live as long as the program. */
const PROGRAM_LIFETIME_GLOBALS = new Set([...GLOBAL_OBJECTS, 'process']);

/** `window`, `document.body`, `self.visualViewport`: a target reached from a global object, not shadowed. */
export const isOnGlobalObject = (target: Expression): boolean => rootGlobalIn(target, GLOBAL_OBJECTS);

/** A global object of the page, or Node's `process` (`process.stdin`), not shadowed. */
export const isOnProgramGlobal = (target: Expression): boolean => rootGlobalIn(target, PROGRAM_LIFETIME_GLOBALS);

/** Node's global `process`, or what hangs off it (`process.stdin`): emitters whatever the types say. */
export const isOnNodeProcess = (target: Expression): boolean => rootGlobalIn(target, NODE_PROCESS);

const NODE_PROCESS = new Set(['process']);

function rootGlobalIn(target: Expression, globals: ReadonlySet<string>): boolean {
  const root = chainRoot(target);
  return Node.isIdentifier(root) && globals.has(root.getText()) && !declarationOf(root);
}
