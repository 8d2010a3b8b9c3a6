import path from 'node:path';
import { Node, SyntaxKind, type Expression, type ParameterDeclaration, type ts } from 'ts-morph';
import type { RetentionStep } from '../finding.js';
import { argumentsFor } from './call-sites.js';
import { expressionKey, skipOuterExpressions, thisAssignments } from './expressions.js';
import { isOnGlobalObject, isOnProgramGlobal } from './globals.js';
import { isSetupMember, placementOf, type OwnerClass } from './owners.js';
import { stepAt } from './retention.js';
import { declarationOf } from './scope.js';

/**
 * The answer to "does this target outlive its owner?". `reason` completes a sentence whose subject is
 * the target (`window` + `is global`), for the finding's message; `path` runs from the root that
 * outlives the owner to the target. A target passed in by callers that cannot all be read is a
 * `risk`; any other `unknown` is never reported: a false alarm costs more than a missed leak.
 */
export type Lifetime =
  | {
      kind: 'outlives';
      reason: string;
      path: RetentionStep[];
      /** Set for a parameter of a method that may run many times: the value may be one of many short-lived ones. */
      perCallOf?: string;
    }
  | { kind: 'risk'; reason: string; path: RetentionStep[] }
  | { kind: 'owned'; reason: string }
  | { kind: 'unknown' };

/** A lifetime unleak reports on: a leak when the target outlives the owner, a risk when its callers decide. */
export type ReportedLifetime = Extract<Lifetime, { kind: 'outlives' | 'risk' }>;

export const isReported = (lifetime: Lifetime): lifetime is ReportedLifetime =>
  lifetime.kind === 'outlives' || lifetime.kind === 'risk';

/** Why a fix on a target of this lifetime needs review: a per-call parameter may be one of many short-lived values. */
export function perCallReview(target: Expression, lifetime: Lifetime): string | undefined {
  if (lifetime.kind !== 'outlives' || lifetime.perCallOf === undefined) return undefined;
  const what = target.getText();
  return `${what} comes from a parameter of ${lifetime.perCallOf}(), which may run once per short-lived ${what}; the class's AbortController would then keep each one until teardown`;
}

const CREATING_CALLS = new Set(['createElement', 'createElementNS', 'cloneNode', 'attachShadow', 'createTextNode']);
const UNKNOWN: Lifetime = { kind: 'unknown' };

/** How deep field-to-field assignments and callers' callers are followed before giving up. */
const MAX_DEPTH = 8;

const globalLifetime = (target: Node, reason: string): Lifetime => ({
  kind: 'outlives',
  reason,
  path: [stepAt('root', `${target.getText()} (global)`, target)],
});

const moduleLevel = (name: string, declaration: Node): Lifetime => ({
  kind: 'outlives',
  reason: 'is a module-level variable',
  path: [
    stepAt('root', `${name} (module-level, ${path.basename(declaration.getSourceFile().getFilePath())})`, declaration),
  ],
});

function importedLifetime(name: string, declaration: Node): Lifetime {
  const module = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
  return {
    kind: 'outlives',
    reason: `lives in the module '${module}' for as long as the app runs`,
    path: [stepAt('root', `${name} (imported from '${module}')`, declaration)],
  };
}

/**
 * What outlives a component: globals, module-level values and imports. Its own rendered element
 * (`ref.current`) and what the effect creates do not; what its caller passes in (props) is a risk,
 * as whether the caller's value outlives the component is decided where the component is used.
 */
export function componentTargetLifetime(target: Expression, component: Node | undefined): Lifetime {
  const node = skipOuterExpressions(target);
  if (isOnGlobalObject(node as Expression))
    return globalLifetime(node, Node.isIdentifier(node) ? 'is global' : 'belongs to a global object');
  // A ref's element (React's `ref.current`, Vue's `ref.value`): the component's own, or its caller's when a composable is handed the ref.
  if (Node.isPropertyAccessExpression(node) && ['current', 'value'].includes(node.getName()))
    return { kind: 'owned', reason: "is a component's own element" };
  const root = Node.isPropertyAccessExpression(node) ? skipOuterExpressions(node.getExpression()) : node;
  if (!Node.isIdentifier(root)) return UNKNOWN;
  const declaration = declarationOf(root);
  if (!declaration) return UNKNOWN;
  if (isImport(declaration)) return importedLifetime(root.getText(), declaration);
  if (
    component &&
    declaration.getFirstAncestor((ancestor) => ancestor === component) &&
    isParameterOf(declaration, component)
  ) {
    const reason =
      "is passed in by the component's caller, and whether it outlives the component is decided where the component is used";
    return {
      kind: 'risk',
      reason,
      path: [stepAt('root', `${root.getText()} (passed in by the component's caller)`, declaration)],
    };
  }
  if (isModuleLevel(declaration)) return moduleLevel(root.getText(), declaration);
  return UNKNOWN;
}

const isImport = (declaration: Node): boolean =>
  Node.isImportSpecifier(declaration) || Node.isImportClause(declaration) || Node.isNamespaceImport(declaration);

const isModuleLevel = (declaration: Node): boolean =>
  Node.isVariableDeclaration(declaration) &&
  declaration.getVariableStatement()?.getParent() === declaration.getSourceFile();

function isParameterOf(declaration: Node, component: Node): boolean {
  const parameter = Node.isParameterDeclaration(declaration)
    ? declaration
    : declaration.getFirstAncestorByKind(SyntaxKind.Parameter);
  return !!parameter && parameter.getParent() === component;
}

/**
 * How long `target` lives compared with `owner`, the class whose code refers to it (absent for code
 * outside classes, where `this` and fields say nothing).
 */
export function targetLifetime(target: Expression, owner: OwnerClass | undefined, depth = 0): Lifetime {
  if (depth > MAX_DEPTH) return UNKNOWN;
  if (owner && registersWith(target, owner)) return { kind: 'owned', reason: 'is the host that owns this controller' };
  const node = skipOuterExpressions(target);
  if (Node.isThisExpression(node)) return owner ? { kind: 'owned', reason: 'is the instance itself' } : UNKNOWN;
  if (Node.isNewExpression(node)) return { kind: 'owned', reason: 'is created by it' };
  if (Node.isIdentifier(node)) return identifierLifetime(node, owner, depth);
  if (Node.isPropertyAccessExpression(node)) return propertyLifetime(node, owner, depth);
  if (Node.isCallExpression(node)) return callResultLifetime(node, owner, depth);
  return UNKNOWN;
}

/** The lifetime of a value where the code stands: inside a class's instance code, or outside any. */
function lifetimeWhere(value: Expression, depth: number): Lifetime {
  const placement = placementOf(value);
  return targetLifetime(value, placement?.thisIsInstance ? placement.owner : undefined, depth);
}

function identifierLifetime(identifier: Node, owner: OwnerClass | undefined, depth: number): Lifetime {
  const name = identifier.getText();
  const declaration = declarationOf(identifier);
  if (!declaration)
    return isOnProgramGlobal(identifier as Expression) ? globalLifetime(identifier, 'is global') : UNKNOWN;
  if (isImport(declaration)) return importedLifetime(name, declaration);
  if (Node.isParameterDeclaration(declaration)) {
    // A callback's parameter (`items.forEach((item) => …)`) says nothing of where its value comes from.
    const member = declaration.getParent();
    if (!owner || member.getParent() !== owner) return UNKNOWN;
    return parameterLifetime(declaration, depth);
  }
  if (Node.isVariableDeclaration(declaration)) {
    if (isModuleLevel(declaration)) return moduleLevel(name, declaration);
    const initializer = declaration.getInitializer();
    return initializer ? targetLifetime(initializer, owner, depth + 1) : UNKNOWN;
  }
  return UNKNOWN;
}

/**
 * A parameter lives as long as what its callers pass: decided at the call sites the project has. One
 * caller passing something that outlives the owner (a global, a module-level value) makes it a root,
 * and the path names that call; callers that all pass their own things (`this`, what they create)
 * make it short-lived; callers that cannot be found or read leave it a risk.
 */
function parameterLifetime(parameter: ParameterDeclaration, depth: number): Lifetime {
  const member = parameter.getParent();
  const memberName = Node.isConstructorDeclaration(member)
    ? 'constructor'
    : Node.isMethodDeclaration(member)
      ? member.getName()
      : '';
  const perCall = isSetupMember(memberName) ? {} : { perCallOf: memberName };
  const calls = argumentsFor(parameter);
  const risk = (why: string): Lifetime => ({
    kind: 'risk',
    reason: `is passed in; ${why}`,
    path: [stepAt('root', `${parameter.getName()} (passed in; its callers decide how long it lives)`, parameter)],
  });
  if (!calls) return risk('its callers cannot be matched to the parameter');
  if (calls.length === 0) return risk('no call in the scanned code passes it, so callers elsewhere decide');
  let undecided = false;
  for (const { call, argument } of calls) {
    if (!argument) continue;
    const lifetime = lifetimeWhere(argument, depth + 1);
    if (lifetime.kind === 'outlives') {
      const where = `${path.basename(call.getSourceFile().getFilePath())}:${stepAt('edge', '', call).line}`;
      return {
        kind: 'outlives',
        reason: `is passed in by ${shortText(call)} (${where}), where ${argument.getText()} ${lifetime.reason}`,
        path: [...lifetime.path, stepAt('edge', shortText(call), call)],
        ...perCall,
      };
    }
    if (lifetime.kind !== 'owned') undecided = true;
  }
  if (undecided) return risk('not every caller passes something unleak can tell the lifetime of');
  return { kind: 'owned', reason: 'is passed in by callers that each pass something of their own' };
}

/** A call's text on one line, shortened: `new Panel(window)`. */
function shortText(node: Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function propertyLifetime(
  access: Node & { getExpression(): Expression; getName(): string },
  owner: OwnerClass | undefined,
  depth: number,
): Lifetime {
  const base = skipOuterExpressions(access.getExpression());
  if (Node.isThisExpression(base)) {
    if (!owner) return UNKNOWN;
    return access.getName() === 'shadowRoot'
      ? { kind: 'owned', reason: 'is its own shadow root' }
      : fieldLifetime(access.getName(), owner, depth);
  }
  if (isOnProgramGlobal(access as unknown as Expression)) {
    return globalLifetime(access, `belongs to the global ${base.getText()}`);
  }
  const baseLifetime = targetLifetime(base as Expression, owner, depth + 1);
  if (baseLifetime.kind === 'owned') return { kind: 'owned', reason: `is part of ${base.getText()}, which it owns` };
  if (!isReported(baseLifetime)) return UNKNOWN;
  // What a long-lived object holds (`this.model.events`, `config.bus`) lives as long as it does.
  return {
    ...baseLifetime,
    reason: `belongs to ${base.getText()}, which ${baseLifetime.reason}`,
    path: [...baseLifetime.path, stepAt('edge', `.${access.getName()}`, access)],
  };
}

/** Created nodes and lookups inside what the owner owns (`this.el.querySelector(...)`) are owned. */
function callResultLifetime(
  call: Node & { getExpression(): Expression },
  owner: OwnerClass | undefined,
  depth: number,
): Lifetime {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return UNKNOWN;
  const receiver = skipOuterExpressions(callee.getExpression());
  if (CREATING_CALLS.has(callee.getName())) return { kind: 'owned', reason: 'is created by it' };
  const receiverLifetime = targetLifetime(receiver as Expression, owner, depth + 1);
  if (receiverLifetime.kind === 'owned')
    return { kind: 'owned', reason: `is found inside ${receiver.getText()}, which it owns` };
  // What a lookup in the document finds may be the owner's own element; such targets stay unknown.
  return UNKNOWN;
}

/** A field outlives the owner when any value stored in it does; it is owned when every value is. */
function fieldLifetime(field: string, owner: OwnerClass, depth: number): Lifetime {
  const parameterProperty = owner
    .getConstructors()
    .flatMap((ctor) => ctor.getParameters())
    .find((parameter) => parameter.isParameterProperty() && parameter.getName() === field);
  if (parameterProperty) return parameterLifetime(parameterProperty, depth);

  const lifetimes = fieldValues(field, owner).map((value) => ({
    value,
    lifetime: targetLifetime(value, owner, depth + 1),
  }));
  const outliving =
    lifetimes.find(({ lifetime }) => lifetime.kind === 'outlives') ??
    lifetimes.find(({ lifetime }) => lifetime.kind === 'risk');
  if (outliving && isReported(outliving.lifetime)) {
    const reason =
      outliving.value.getText() === field
        ? outliving.lifetime.reason
        : `holds ${outliving.value.getText()}, which ${outliving.lifetime.reason}`;
    return { ...outliving.lifetime, reason };
  }
  const allOwned = lifetimes.length > 0 && lifetimes.every(({ lifetime }) => lifetime.kind === 'owned');
  return allOwned ? { kind: 'owned', reason: 'is created by it' } : UNKNOWN;
}

/** Every expression assigned to `this.<field>` in the class, including the field's initializer. */
function fieldValues(field: string, owner: OwnerClass): Expression[] {
  const values: Expression[] = [];
  const declared = owner.getProperty(field)?.getInitializer();
  if (declared) values.push(declared);
  values.push(
    ...thisAssignments(owner)
      .filter((assigned) => assigned.field === field)
      .map(({ value }) => value),
  );
  return values;
}

/**
 * A controller that hands itself to its host (`host.addController(this)`, Lit's reactive controllers)
 * lives exactly as long as the host: a listener on the host is a cycle, not a leak.
 */
function registersWith(target: Expression, owner: OwnerClass): boolean {
  return hostsOf(owner).has(expressionKey(target));
}

const hostsByOwner = new WeakMap<ts.Node, Set<string>>();

/** The keys of what the class hands itself to as a controller (`host` in `host.addController(this)`), once per class. */
function hostsOf(owner: OwnerClass): Set<string> {
  let hosts = hostsByOwner.get(owner.compilerNode);
  if (!hosts) {
    hosts = new Set();
    for (const call of owner.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      const [argument] = call.getArguments();
      if (
        Node.isPropertyAccessExpression(callee) &&
        callee.getName() === 'addController' &&
        argument &&
        Node.isThisExpression(argument)
      ) {
        hosts.add(expressionKey(callee.getExpression()));
      }
    }
    hostsByOwner.set(owner.compilerNode, hosts);
  }
  return hosts;
}
