import { Node, SyntaxKind, type Expression } from 'ts-morph';
import { expressionKey, skipOuterExpressions, thisAssignments } from './expressions.js';
import type { OwnerClass } from './owners.js';
import { declarationOf } from './scope.js';

/**
 * The answer to "does this target outlive its owner?". `reason` completes a sentence whose subject is
 * the target (`window` + `is global`), for the finding's message. `unknown` is never reported: a false
 * alarm costs more than a missed leak.
 */
export type Lifetime =
  | {
      kind: 'outlives';
      reason: string;
      /** Set for a parameter of a method that may run many times: the value may be one of many short-lived ones. */
      perCallOf?: string;
    }
  | { kind: 'owned'; reason: string }
  | { kind: 'unknown' };

/** Why a fix on a target of this lifetime needs review: a per-call parameter may be one of many short-lived values. */
export function perCallReview(target: Expression, lifetime: Lifetime): string | undefined {
  if (lifetime.kind !== 'outlives' || lifetime.perCallOf === undefined) return undefined;
  const what = target.getText();
  return `${what} comes from a parameter of ${lifetime.perCallOf}(), which may run once per short-lived ${what}; the class's AbortController would then keep each one until teardown`;
}

/** Globals that live as long as the page or process, and everything reached from them. */
const GLOBAL_OBJECTS = new Set(['window', 'document', 'globalThis', 'self', 'screen', 'navigator', 'visualViewport']);
const CREATING_CALLS = new Set(['createElement', 'createElementNS', 'cloneNode', 'attachShadow', 'createTextNode']);
const UNKNOWN: Lifetime = { kind: 'unknown' };
/** Members whose parameters are what a class is set up with, once per life or per (re)attach. */
const SETUP_MEMBERS = new Set(['constructor', 'connectedCallback', 'hostConnected', 'componentDidMount', 'ngOnInit', 'init', 'initialize', 'setup']);
const SETUP_PREFIXES = /^(open|mount|connect|activate|attach|bind|enable|start|listen|observe|watch)/;

/** How deep field-to-field assignments are followed (`this.a = this.b`) before giving up. */
const MAX_DEPTH = 8;

/** `window`, `document.body`, `self.visualViewport`: a target reached from a global object, not shadowed. */
export function isOnGlobalObject(target: Expression): boolean {
  let node = skipOuterExpressions(target);
  while (Node.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.getExpression());
  return Node.isIdentifier(node) && GLOBAL_OBJECTS.has(node.getText()) && !declarationOf(node);
}

/**
 * What outlives a component: globals, module-level values and imports, and what its caller passes in
 * (props). Its own rendered element (`ref.current`) and what the effect creates do not.
 */
export function componentTargetLifetime(target: Expression, component: Node | undefined): Lifetime {
  const node = skipOuterExpressions(target);
  if (isOnGlobalObject(node as Expression)) return { kind: 'outlives', reason: Node.isIdentifier(node) ? 'is global' : 'belongs to a global object' };
  // A ref's element (React's `ref.current`, Vue's `ref.value`): the component's own, or its caller's when a composable is handed the ref.
  if (Node.isPropertyAccessExpression(node) && ['current', 'value'].includes(node.getName())) return { kind: 'owned', reason: "is a component's own element" };
  const root = Node.isPropertyAccessExpression(node) ? skipOuterExpressions(node.getExpression()) : node;
  if (!Node.isIdentifier(root)) return { kind: 'unknown' };
  const declaration = declarationOf(root);
  if (!declaration) return { kind: 'unknown' };
  if (Node.isImportSpecifier(declaration) || Node.isImportClause(declaration) || Node.isNamespaceImport(declaration)) {
    return { kind: 'outlives', reason: 'lives in an imported module for as long as the app runs' };
  }
  if (component && declaration.getFirstAncestor((ancestor) => ancestor === component) && isParameterOf(declaration, component)) {
    return { kind: 'outlives', reason: "is passed in by the component's caller" };
  }
  if (Node.isVariableDeclaration(declaration) && declaration.getVariableStatement()?.getParent() === declaration.getSourceFile()) {
    return { kind: 'outlives', reason: 'is a module-level variable' };
  }
  return { kind: 'unknown' };
}

function isParameterOf(declaration: Node, component: Node): boolean {
  const parameter = Node.isParameterDeclaration(declaration) ? declaration : declaration.getFirstAncestorByKind(SyntaxKind.Parameter);
  return !!parameter && parameter.getParent() === component;
}

export function targetLifetime(target: Expression, owner: OwnerClass, depth = 0): Lifetime {
  if (depth > MAX_DEPTH) return UNKNOWN;
  if (registersWith(target, owner)) return { kind: 'owned', reason: 'is the host that owns this controller' };
  const node = skipOuterExpressions(target);
  if (Node.isThisExpression(node)) return { kind: 'owned', reason: 'is the instance itself' };
  if (Node.isNewExpression(node)) return { kind: 'owned', reason: 'is created by it' };
  if (Node.isIdentifier(node)) return identifierLifetime(node, owner, depth);
  if (Node.isPropertyAccessExpression(node)) return propertyLifetime(node, owner, depth);
  if (Node.isCallExpression(node)) return callResultLifetime(node, owner, depth);
  return UNKNOWN;
}

function identifierLifetime(identifier: Node, owner: OwnerClass, depth: number): Lifetime {
  const name = identifier.getText();
  const declaration = declarationOf(identifier);
  if (!declaration) return GLOBAL_OBJECTS.has(name) ? { kind: 'outlives', reason: 'is global' } : UNKNOWN;

  if (Node.isImportSpecifier(declaration) || Node.isImportClause(declaration) || Node.isNamespaceImport(declaration)) {
    const module = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
    return { kind: 'outlives', reason: `lives in the module '${module}' for as long as the app runs` };
  }
  if (Node.isParameterDeclaration(declaration)) {
    // A callback's parameter (`items.forEach((item) => …)`) says nothing of where its value comes from.
    const member = declaration.getParent();
    if (member.getParent() !== owner) return UNKNOWN;
    const name = Node.isConstructorDeclaration(member) ? 'constructor' : Node.isMethodDeclaration(member) ? member.getName() : '';
    const isSetup = SETUP_MEMBERS.has(name) || SETUP_PREFIXES.test(name);
    return { kind: 'outlives', reason: 'is passed in from outside', ...(isSetup ? {} : { perCallOf: name }) };
  }
  if (Node.isVariableDeclaration(declaration)) {
    if (declaration.getVariableStatement()?.getParent() === declaration.getSourceFile()) {
      return { kind: 'outlives', reason: 'is a module-level variable' };
    }
    const initializer = declaration.getInitializer();
    return initializer ? targetLifetime(initializer, owner, depth + 1) : UNKNOWN;
  }
  return UNKNOWN;
}

function propertyLifetime(
  access: Node & { getExpression(): Expression; getName(): string },
  owner: OwnerClass,
  depth: number,
): Lifetime {
  const base = skipOuterExpressions(access.getExpression());
  if (Node.isThisExpression(base)) {
    return access.getName() === 'shadowRoot' ? { kind: 'owned', reason: 'is its own shadow root' } : fieldLifetime(access.getName(), owner, depth);
  }
  const baseLifetime = targetLifetime(base as Expression, owner, depth + 1);
  if (baseLifetime.kind === 'outlives' && Node.isIdentifier(base) && GLOBAL_OBJECTS.has(base.getText())) {
    return { kind: 'outlives', reason: `belongs to the global ${base.getText()}` };
  }
  return baseLifetime.kind === 'owned' ? { kind: 'owned', reason: `is part of ${base.getText()}, which it owns` } : UNKNOWN;
}

/** Created nodes and lookups inside what the owner owns (`this.el.querySelector(...)`) are owned. */
function callResultLifetime(call: Node & { getExpression(): Expression }, owner: OwnerClass, depth: number): Lifetime {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return UNKNOWN;
  const receiver = skipOuterExpressions(callee.getExpression());
  if (CREATING_CALLS.has(callee.getName())) return { kind: 'owned', reason: 'is created by it' };
  const receiverLifetime = targetLifetime(receiver as Expression, owner, depth + 1);
  if (receiverLifetime.kind === 'owned') return { kind: 'owned', reason: `is found inside ${receiver.getText()}, which it owns` };
  // What a lookup in the document finds may be the owner's own element; such targets stay unknown.
  return UNKNOWN;
}

/** A field is owned when every value the class stores in it was created by the class. */
function fieldLifetime(field: string, owner: OwnerClass, depth: number): Lifetime {
  const parameterProperty = owner
    .getConstructors()
    .flatMap((ctor) => ctor.getParameters())
    .find((parameter) => parameter.isParameterProperty() && parameter.getName() === field);
  if (parameterProperty) return { kind: 'outlives', reason: 'is passed to the constructor' };

  const lifetimes = fieldValues(field, owner).map((value) => ({ value, lifetime: targetLifetime(value, owner, depth + 1) }));
  const outliving = lifetimes.find(({ lifetime }) => lifetime.kind === 'outlives');
  if (outliving?.lifetime.kind === 'outlives') {
    return { ...outliving.lifetime, reason: `holds ${outliving.value.getText()}, which ${outliving.lifetime.reason}` };
  }
  const allOwned = lifetimes.length > 0 && lifetimes.every(({ lifetime }) => lifetime.kind === 'owned');
  return allOwned ? { kind: 'owned', reason: 'is created by it' } : UNKNOWN;
}

/** Every expression assigned to `this.<field>` in the class, including the field's initializer. */
function fieldValues(field: string, owner: OwnerClass): Expression[] {
  const values: Expression[] = [];
  const declared = owner.getProperty(field)?.getInitializer();
  if (declared) values.push(declared);
  values.push(...thisAssignments(owner).filter((assigned) => assigned.field === field).map(({ value }) => value));
  return values;
}

/**
 * A controller that hands itself to its host (`host.addController(this)`, Lit's reactive controllers)
 * lives exactly as long as the host: a listener on the host is a cycle, not a leak.
 */
function registersWith(target: Expression, owner: OwnerClass): boolean {
  const key = expressionKey(target);
  return owner.getDescendantsOfKind(SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    const [argument] = call.getArguments();
    return (
      Node.isPropertyAccessExpression(callee) &&
      callee.getName() === 'addController' &&
      !!argument &&
      Node.isThisExpression(argument) &&
      expressionKey(callee.getExpression()) === key
    );
  });
}
