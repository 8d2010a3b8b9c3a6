import { Node, SyntaxKind, type Expression } from 'ts-morph';
import type { TextEdit } from '../finding.js';
import { propertyEdit } from './insertions.js';
import { optionsLiteral, type ListenerCall } from '../analysis/listeners.js';
import type { CodeStyle } from '../analysis/style.js';
import { optionsShape } from '../analysis/types.js';

/**
 * Adds `signal` to the registration's options: `true` → `{ capture: true, signal }`, a literal gains a
 * property, an options object is spread. Options whose type may be either a boolean or an object are refused.
 */
export function signalOptionEdit(
  registration: ListenerCall,
  signal: string,
  style: CodeStyle,
): { edit: TextEdit } | { refusal: string } {
  const { options, handler } = registration;
  const file = registration.call.getSourceFile().getFilePath();
  const replace = (node: Node, text: string) => ({ edit: { file, start: node.getStart(), end: node.getEnd(), text } });
  const object = (properties: string) => `{${style.objectSpace}${properties}${style.objectSpace}}`;
  if (!options) {
    return { edit: { file, start: handler.getEnd(), end: handler.getEnd(), text: `, ${object(`signal: ${signal}`)}` } };
  }
  if (options.getKind() === SyntaxKind.TrueKeyword) return replace(options, object(`capture: true, signal: ${signal}`));
  if (options.getKind() === SyntaxKind.FalseKeyword) return replace(options, object(`signal: ${signal}`));
  if (Node.isObjectLiteralExpression(options)) {
    if (options.getProperty('signal'))
      return { refusal: 'its options pass a signal already, which the fix would replace' };
    const spread = options.getProperties().find((property) => Node.isSpreadAssignment(property));
    if (spread && optionsShape(spread.getExpression()).mayCarrySignal) {
      return { refusal: `${spread.getText()} may carry a signal of its own, which the fix would replace` };
    }
    return { edit: propertyEdit(options, `signal: ${signal}`, style) };
  }

  const shape = optionsShape(options);
  if (shape.kind === 'boolean') return replace(options, object(`capture: ${options.getText()}, signal: ${signal}`));
  if (shape.mayCarrySignal && !isSignalFreeLiteral(options)) {
    return { refusal: `its options ${options.getText()} may carry a signal of their own, which the fix would replace` };
  }
  if (shape.kind === 'object') return replace(options, object(`...${options.getText()}, signal: ${signal}`));
  return {
    refusal: `its options argument ${options.getText()} may be a boolean or an object, so the signal cannot be merged into it safely`,
  };
}

/** An options name bound, once and for all, to a literal that sets no signal: `const passive = { passive: true }`. */
function isSignalFreeLiteral(options: Expression): boolean {
  const literal = Node.isIdentifier(options) ? optionsLiteral(options) : undefined;
  return (
    !!literal &&
    Node.isObjectLiteralExpression(literal) &&
    literal
      .getProperties()
      .every(
        (property) =>
          !Node.isSpreadAssignment(property) && (property as Node & { getName?(): string }).getName?.() !== 'signal',
      )
  );
}
