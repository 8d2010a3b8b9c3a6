import { Node, SyntaxKind, type CallExpression, type Expression } from 'ts-morph';
import { expressionKey, isFunction, skipOuterExpressions } from './expressions.js';
import { isOnGlobalObject } from './globals.js';
import { declarationOf } from './scope.js';
import { acceptsArguments } from './types.js';

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
    if (
      !type ||
      !handler ||
      rest.length > 0 ||
      [type, handler, options].some((arg) => arg && Node.isSpreadElement(arg))
    )
      continue;
    calls.push({ call, target: callee.getExpression(), type, handler, options });
  }
  return calls;
}

/** The target of a listener, keyed so that aliases of one target compare equal. */
export const targetKey = (target: Expression): string => expressionKey(target);

export function eventTypeKey(type: Expression): string {
  return Node.isStringLiteral(type) || Node.isNoSubstitutionTemplateLiteral(type)
    ? JSON.stringify(type.getLiteralValue())
    : expressionKey(type);
}

/** How the event type reads in a message: `'resize'` or the constant's name. */
export const eventTypeLabel = (type: Expression): string => type.getText();

export const handlerKey = (handler: Expression): string => expressionKey(handler);

/** An inline function or a `.bind(...)` makes a new function each time, which no removal can match. */
export type HandlerKind = 'reference' | 'inline' | 'bound' | 'call';

export function handlerKind(expression: Expression): HandlerKind {
  const handler = skipOuterExpressions(expression);
  const isMemberOf = Node.isPropertyAccessExpression(handler) || Node.isElementAccessExpression(handler);
  if (Node.isThisExpression(handler) || Node.isIdentifier(handler) || isMemberOf) return 'reference';
  if (Node.isArrowFunction(handler) || Node.isFunctionExpression(handler)) return 'inline';
  if (Node.isCallExpression(handler)) {
    const callee = handler.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'bind' ? 'bound' : 'call';
  }
  return 'call';
}

/**
 * An options argument as the code spells it: the object literal itself, or the one a `const` name
 * stands for (`const opts = { passive: true, signal }`), so that what it holds is read either way.
 */
export function optionsLiteral(options: Expression | undefined): Expression | undefined {
  const node = options && (skipOuterExpressions(options) as Expression);
  if (!node || !Node.isIdentifier(node)) return node;
  const declaration = declarationOf(node);
  if (
    !declaration ||
    !Node.isVariableDeclaration(declaration) ||
    declaration.getVariableStatement()?.getDeclarationKind() !== 'const'
  )
    return node;
  const initializer = declaration.getInitializer();
  const value = initializer && (skipOuterExpressions(initializer) as Expression);
  return value && Node.isObjectLiteralExpression(value) ? value : node;
}

/** The value of a boolean option in an options literal; `undefined` when absent or not a literal. */
export function booleanOption(given: Expression | undefined, name: string): boolean | undefined {
  const options = optionsLiteral(given);
  if (!options || !Node.isObjectLiteralExpression(options)) return undefined;
  const property = options.getProperty(name);
  if (!property || !Node.isPropertyAssignment(property)) return undefined;
  const value = property.getInitializer();
  if (value?.getKind() === SyntaxKind.TrueKeyword) return true;
  if (value?.getKind() === SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** The capture flag: `false` when omitted, `undefined` when it cannot be read from the code. */
export function captureFlag(given: Expression | undefined): boolean | undefined {
  const options = optionsLiteral(given);
  if (!options) return false;
  if (options.getKind() === SyntaxKind.TrueKeyword) return true;
  if (options.getKind() === SyntaxKind.FalseKeyword) return false;
  if (Node.isObjectLiteralExpression(options)) {
    const hasSpread = options.getProperties().some((p) => Node.isSpreadAssignment(p));
    return booleanOption(options, 'capture') ?? (hasSpread || options.getProperty('capture') ? undefined : false);
  }
  return undefined;
}

/** How capture flags that the code does not show count when a removal is matched to a registration. */
export type UnreadableCapture = 'may-match' | 'no-match';

/** What a removal is matched on: EventTarget calls have options; some emitters take a context (`on(type, fn, ctx)`). */
type Matchable = Pick<ListenerCall, 'target' | 'type' | 'handler'> & {
  options?: Expression | undefined;
  context?: Expression | undefined;
};

/** The same target (through aliases) and the same event type: a removal that may concern this registration. */
export const sameTargetAndType = (a: Matchable, b: Matchable): boolean =>
  targetKey(a.target) === targetKey(b.target) && eventTypeKey(a.type) === eventTypeKey(b.type);

const contextKey = (call: Matchable): string => (call.context ? expressionKey(call.context) : '');

/**
 * The one answer to "does this removal undo this registration?": the same target, event type and
 * handler reference, and the same capture flag, which is part of a DOM listener's identity. An inline
 * or bound handler never matches, since the removal is handed another function. An emitter's context
 * argument is part of the identity too (`off(type, fn)` leaves `on(type, fn, ctx)`). Flags the code does
 * not show count as `unreadable` says: `may-match` when deciding whether to report (a false alarm
 * costs more than a missed leak), `no-match` when a fix would delete the removal.
 */
export function removes(
  removal: Matchable,
  registration: Matchable,
  unreadable: UnreadableCapture = 'may-match',
): boolean {
  if (handlerKind(registration.handler) !== 'reference') return false;
  if (!sameTargetAndType(removal, registration)) return false;
  if (handlerKey(removal.handler) !== handlerKey(registration.handler)) return false;
  if (contextKey(removal) !== contextKey(registration)) return false;
  const [added, removed] = [captureFlag(registration.options), captureFlag(removal.options)];
  if (added === undefined || removed === undefined) return unreadable === 'may-match';
  return added === removed;
}

/** The `signal` expression of an options literal (or of the `const` it is read from). */
export function signalOption(given: Expression | undefined): Expression | undefined {
  const options = optionsLiteral(given);
  if (!options || !Node.isObjectLiteralExpression(options)) return undefined;
  const property = options.getProperty('signal');
  if (property && Node.isPropertyAssignment(property)) return property.getInitializer();
  if (property && Node.isShorthandPropertyAssignment(property)) return property.getNameNode();
  return undefined;
}

/** How a member of the instance is written: `this.name`, or `this[name]` for a computed name such as `[onKey]`. */
export const thisMemberKey = (memberName: string): string =>
  memberName.startsWith('[') ? `this${memberName}` : `this.${memberName}`;

/**
 * Whether the listener keeps the instance reachable: a method of it, a bound function, or a closure
 * using `this`. A handler handed in from outside, or a closure that never touches the instance,
 * leaves it free to be collected even when the listener lingers.
 */
export function retainsInstance(expression: Expression, depth = 0): boolean {
  const handler = skipOuterExpressions(expression);
  if (Node.isPropertyAccessExpression(handler) || Node.isElementAccessExpression(handler)) {
    return retainsInstance(handler.getExpression(), depth + 1);
  }
  if (Node.isThisExpression(handler)) return true;
  if (Node.isArrowFunction(handler)) return usesThis(handler);
  if (Node.isCallExpression(handler))
    return handler.getArguments().some((argument) => Node.isThisExpression(argument)) || usesThis(handler);
  if (Node.isIdentifier(handler) && depth < 3) {
    const declaration = declarationOf(handler);
    const initializer =
      declaration && Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
    return initializer ? retainsInstance(initializer, depth + 1) : false;
  }
  return false;
}

/**
 * Whether a listener added inside a function component (or a hook) keeps any of it: a name declared
 * in the component — its props, state, refs, locals and those of its effects — `this` or `arguments`.
 * A listener that uses only imports, module-level values and globals leaves the component free to go.
 * A name that resolves nowhere is global only if the component declares no name like it, as a `var`
 * in a nested block, which the scope walk does not see, may be.
 */
export function retainsComponent(handler: Expression, component: Node): boolean {
  if (usesThis(handler)) return true;
  const references = Node.isIdentifier(handler) ? [handler] : handler.getDescendantsOfKind(SyntaxKind.Identifier);
  let declaredInComponent: Set<string> | undefined;
  return references.filter(isValueReference).some((reference) => {
    if (reference.getText() === 'arguments') return true;
    const declaration = declarationOf(reference);
    if (!declaration) {
      declaredInComponent ??= declaredNamesIn(component);
      return declaredInComponent.has(reference.getText());
    }
    if (isWithin(declaration, handler)) return false;
    return isWithin(declaration, component) || !isModuleLevelDeclaration(declaration);
  });
}

const isWithin = (node: Node, container: Node): boolean =>
  node.getSourceFile() === container.getSourceFile() &&
  node.getStart() >= container.getStart() &&
  node.getEnd() <= container.getEnd();

/** An import, or a declaration outside every function: it lives with its module, not with a component. */
const isModuleLevelDeclaration = (declaration: Node): boolean =>
  !!declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration) || !declaration.getFirstAncestor(isFunction);

/** An identifier that reads a value: not a property's or a declaration's own name, nor part of a type. */
function isValueReference(identifier: Node): boolean {
  const parent = identifier.getParentOrThrow();
  if (Node.isShorthandPropertyAssignment(parent)) return true;
  const named = parent as Node & { getNameNode?(): Node; getPropertyNameNode?(): Node | undefined };
  if (named.getNameNode?.() === identifier || named.getPropertyNameNode?.() === identifier) return false;
  return !identifier.getFirstAncestor(
    (ancestor) => Node.isTypeNode(ancestor) && !Node.isExpressionWithTypeArguments(ancestor),
  );
}

/** Every name declared anywhere in a function: its parameters and the variables, functions and classes inside it. */
function declaredNamesIn(scope: Node): Set<string> {
  const names = new Set<string>();
  scope.forEachDescendant((node) => {
    if (
      Node.isVariableDeclaration(node) ||
      Node.isParameterDeclaration(node) ||
      Node.isBindingElement(node) ||
      Node.isFunctionDeclaration(node) ||
      Node.isClassDeclaration(node)
    ) {
      const name = node.getNameNode();
      if (Node.isIdentifier(name)) names.add(name.getText());
    }
  });
  return names;
}

/** `this` used in a node, not counting nested functions and classes, which have their own. */
function usesThis(node: Node): boolean {
  let found = false;
  node.forEachDescendant((descendant, traversal) => {
    if (
      Node.isFunctionExpression(descendant) ||
      Node.isFunctionDeclaration(descendant) ||
      Node.isClassDeclaration(descendant) ||
      Node.isClassExpression(descendant)
    ) {
      traversal.skip();
    } else if (Node.isThisExpression(descendant)) {
      found = true;
      traversal.stop();
    }
  });
  return found;
}

/**
 * Whether the call takes an options argument, as EventTarget's does. A project's own
 * `addEventListener(type, fn)` (an emitter with two parameters) is not ours to rewrite.
 */
export function takesOptions(registration: ListenerCall): boolean {
  return (
    !!registration.options ||
    isOnGlobalObject(registration.target) ||
    acceptsArguments(registration.call.getExpression(), 3)
  );
}
