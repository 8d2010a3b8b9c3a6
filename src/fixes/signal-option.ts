import { Node, SyntaxKind, type Expression } from 'ts-morph';
import type { TextEdit } from '../finding.js';
import { propertyEdit } from './insertions.js';
import { optionsLiteral, type ListenerCall } from '../analysis/listeners.js';
import { indentationAt, lineEndAt, type CodeStyle } from '../analysis/style.js';
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
  const withSignal = `signal: ${signal}`;
  if (!options) return { edit: objectIn(registration, handler.getEnd(), handler.getEnd(), ', ', [withSignal], style) };
  const object = (...properties: string[]) =>
    objectIn(registration, options.getStart(), options.getEnd(), '', properties, style);
  if (options.getKind() === SyntaxKind.TrueKeyword) return { edit: object('capture: true', withSignal) };
  if (options.getKind() === SyntaxKind.FalseKeyword) return { edit: object(withSignal) };
  if (Node.isObjectLiteralExpression(options)) {
    if (options.getProperty('signal'))
      return { refusal: 'its options pass a signal already, which the fix would replace' };
    const spread = options.getProperties().find((property) => Node.isSpreadAssignment(property));
    if (spread && optionsShape(spread.getExpression()).mayCarrySignal) {
      return { refusal: `${spread.getText()} may carry a signal of its own, which the fix would replace` };
    }
    // A one-line literal too long with the signal is written one property a line; otherwise it gains one.
    const oneLine = !options.getText().includes('\n') && options.getProperties().length > 0;
    const wrapped = oneLine
      ? object(...options.getProperties().map((property) => property.getText()), withSignal)
      : undefined;
    return { edit: wrapped?.text.includes('\n') ? wrapped : propertyEdit(options, withSignal, style) };
  }

  const shape = optionsShape(options);
  if (shape.kind === 'boolean') return { edit: object(`capture: ${options.getText()}`, withSignal) };
  if (shape.mayCarrySignal && !isSignalFreeLiteral(options)) {
    return { refusal: `its options ${options.getText()} may carry a signal of their own, which the fix would replace` };
  }
  if (shape.kind === 'object') return { edit: object(`...${options.getText()}`, withSignal) };
  return {
    refusal: `its options argument ${options.getText()} may be a boolean or an object, so the signal cannot be merged into it safely`,
  };
}

/**
 * The options object that replaces `replaced`, on one line, or, where that line would be longer than
 * the project's formatter allows, one property a line, as Prettier and Biome write a last argument.
 */
function objectIn(
  registration: ListenerCall,
  start: number,
  end: number,
  prefix: string,
  properties: string[],
  style: CodeStyle,
): TextEdit {
  const sourceFile = registration.call.getSourceFile();
  const edit = (object: string) => ({ file: sourceFile.getFilePath(), start, end, text: `${prefix}${object}` });
  const oneLine = edit(`{${style.objectSpace}${properties.join(', ')}${style.objectSpace}}`);
  if (style.printWidth === undefined || registration.call.getText().includes('\n')) return oneLine;
  const text = sourceFile.getFullText();
  const lineStart = text.lastIndexOf('\n', registration.call.getStart() - 1) + 1;
  const length = lineEndAt(text, registration.call.getEnd()) - lineStart + oneLine.text.length - (end - start);
  if (length <= style.printWidth) return oneLine;
  const indent = indentationAt(text, registration.call.getStart());
  const inner = properties.map((property) => `${indent}${style.indentUnit}${property},`).join(style.eol);
  return edit(`{${style.eol}${inner}${style.eol}${indent}}`);
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
