import { Node, SyntaxKind, type CallExpression, type Expression } from 'ts-morph';

/** A call `target.addEventListener(type, handler, options?)` or its `removeEventListener` twin. */
export interface ListenerCall {
  call: CallExpression;
  target: Expression;
  type: Expression;
  handler: Expression;
  options: Expression | undefined;
}

export type ListenerMethod = 'addEventListener' | 'removeEventListener';

export function listenerCallsIn(scope: Node, method: ListenerMethod): ListenerCall[] {
  const calls: ListenerCall[] = [];
  for (const call of scope.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const [type, handler, options, ...rest] = call.getArguments() as Expression[];
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== method) continue;
    if (!type || !handler || rest.length > 0 || [type, handler, options].some((arg) => arg && Node.isSpreadElement(arg))) continue;
    calls.push({ call, target: callee.getExpression(), type, handler, options });
  }
  return calls;
}

const compact = (node: Node): string => node.getText().replace(/\s+/g, '');

/**
 * The identity of a listener as the browser sees it, minus the handler: target, type and capture.
 * A constructor parameter stored in a field is keyed as the field (`el` and `this.el` are one target).
 */
export function targetKey(target: Expression): string {
  if (Node.isIdentifier(target)) {
    const parameter = target.getSymbol()?.getDeclarations()[0];
    if (parameter && Node.isParameterDeclaration(parameter)) {
      const ctor = parameter.getParent();
      if (parameter.isParameterProperty()) return `this.${parameter.getName()}`;
      if (Node.isConstructorDeclaration(ctor)) {
        const field = fieldStoring(parameter.getName(), ctor);
        if (field) return `this.${field}`;
      }
    }
  }
  return compact(target);
}

function fieldStoring(parameterName: string, ctor: Node): string | undefined {
  for (const assignment of ctor.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    const left = assignment.getLeft();
    if (
      assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
      assignment.getRight().getText() === parameterName &&
      Node.isPropertyAccessExpression(left) &&
      Node.isThisExpression(left.getExpression())
    ) {
      return left.getName();
    }
  }
  return undefined;
}

export function eventTypeKey(type: Expression): string {
  return Node.isStringLiteral(type) || Node.isNoSubstitutionTemplateLiteral(type) ? JSON.stringify(type.getLiteralValue()) : compact(type);
}

/** How the event type reads in a message: `'resize'` or the constant's name. */
export const eventTypeLabel = (type: Expression): string => type.getText();

export const handlerKey = (handler: Expression): string => compact(handler);

/** An inline function or a `.bind(...)` makes a new function each time, which no removal can match. */
export type HandlerKind = 'reference' | 'inline' | 'bound' | 'call';

export function handlerKind(handler: Expression): HandlerKind {
  if (Node.isIdentifier(handler) || Node.isPropertyAccessExpression(handler)) return 'reference';
  if (Node.isArrowFunction(handler) || Node.isFunctionExpression(handler)) return 'inline';
  if (Node.isCallExpression(handler)) {
    const callee = handler.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'bind' ? 'bound' : 'call';
  }
  return 'call';
}

/** The value of a boolean option in an options literal; `undefined` when absent or not a literal. */
export function booleanOption(options: Expression | undefined, name: string): boolean | undefined {
  if (!options || !Node.isObjectLiteralExpression(options)) return undefined;
  const property = options.getProperty(name);
  if (!property || !Node.isPropertyAssignment(property)) return undefined;
  const value = property.getInitializer();
  if (value?.getKind() === SyntaxKind.TrueKeyword) return true;
  if (value?.getKind() === SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** The capture flag: `false` when omitted, `undefined` when it cannot be read from the code. */
export function captureFlag(options: Expression | undefined): boolean | undefined {
  if (!options) return false;
  if (options.getKind() === SyntaxKind.TrueKeyword) return true;
  if (options.getKind() === SyntaxKind.FalseKeyword) return false;
  if (Node.isObjectLiteralExpression(options)) {
    const hasSpread = options.getProperties().some((p) => Node.isSpreadAssignment(p));
    return booleanOption(options, 'capture') ?? (hasSpread || options.getProperty('capture') ? undefined : false);
  }
  return undefined;
}

/** The `signal` expression of an options literal. */
export function signalOption(options: Expression | undefined): Expression | undefined {
  if (!options || !Node.isObjectLiteralExpression(options)) return undefined;
  const property = options.getProperty('signal');
  if (property && Node.isPropertyAssignment(property)) return property.getInitializer();
  if (property && Node.isShorthandPropertyAssignment(property)) return property.getNameNode();
  return undefined;
}
