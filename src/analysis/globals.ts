import { Node, type Expression } from 'ts-morph';
import { skipOuterExpressions } from './expressions.js';
import { declarationOf } from './scope.js';

/** Globals that live as long as the page or process, and everything reached from them. */
export const GLOBAL_OBJECTS = new Set([
  'window',
  'document',
  'globalThis',
  'self',
  'screen',
  'navigator',
  'visualViewport',
]);

/** `window`, `document.body`, `self.visualViewport`: a target reached from a global object, not shadowed. */
export function isOnGlobalObject(target: Expression): boolean {
  let node = skipOuterExpressions(target);
  while (Node.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.getExpression());
  return Node.isIdentifier(node) && GLOBAL_OBJECTS.has(node.getText()) && !declarationOf(node);
}
