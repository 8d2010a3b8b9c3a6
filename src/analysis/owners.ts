import {
  Node,
  SyntaxKind,
  type Block,
  type ClassDeclaration,
  type ClassExpression,
  type Expression,
  type MethodDeclaration,
} from 'ts-morph';
import { expressionKey, isFunction } from './expressions.js';
import { isOnGlobalObject } from './globals.js';
import { declarationOf } from './scope.js';
import { baseClassOf } from './modules.js';
import { propertiesAmong } from './types.js';

export type OwnerClass = ClassDeclaration | ClassExpression;

/** Methods that end an instance's life, or a phase of it, in the order one is picked when a class has several. */
export const TEARDOWN_METHODS = [
  'dispose',
  'destroy',
  'close',
  'teardown',
  'unmount',
  'disconnect',
  'deactivate',
  'detach',
  'unbind',
  'disable',
  'stop',
  '_destroy',
  'disconnectedCallback',
  'componentWillUnmount',
  'ngOnDestroy',
  'hostDisconnected',
  '[Symbol.dispose]',
  // Leaflet's and maptalks' convention: a layer's onRemove(map), a map's or renderer's remove().
  'onRemove',
  'remove',
];

/** Teardowns the framework itself calls: when a class has one, it is the teardown that counts. */
const FRAMEWORK_TEARDOWNS = ['disconnectedCallback', 'componentWillUnmount', 'ngOnDestroy', 'hostDisconnected'];

/**
 * Setups whose teardown may run and be followed by the setup again on the same instance: a custom
 * element moved in the page, a Lit controller's host, React's StrictMode remount, a dialog reopened.
 */
const SETUP_TEARDOWN_PAIRS: Record<string, string> = {
  connectedCallback: 'disconnectedCallback',
  hostConnected: 'hostDisconnected',
  componentDidMount: 'componentWillUnmount',
  open: 'close',
  mount: 'unmount',
  connect: 'disconnect',
  activate: 'deactivate',
  attach: 'detach',
  bind: 'unbind',
  enable: 'disable',
  start: 'stop',
};

/** Framework teardowns that run again on one instance even when the class has no matching setup. */
const ALWAYS_RERUNNABLE = new Set(['disconnectedCallback', 'hostDisconnected', 'componentWillUnmount']);

/** Where a piece of code sits in its class: the member, and whether `this` there is the instance. */
export interface Placement {
  owner: OwnerClass;
  member: Node;
  memberName: string;
  thisIsInstance: boolean;
}

export function placementOf(node: Node): Placement | undefined {
  let thisIsInstance = true;
  for (let child = node, parent = node.getParent(); parent; child = parent, parent = parent.getParent()) {
    if (Node.isFunctionDeclaration(parent) || Node.isFunctionExpression(parent)) thisIsInstance = false;
    // A method of an object literal has that object as `this`.
    if (
      Node.isObjectLiteralExpression(parent) &&
      !Node.isPropertyAssignment(child) &&
      !Node.isShorthandPropertyAssignment(child)
    ) {
      thisIsInstance = false;
    }
    if (Node.isClassDeclaration(parent) || Node.isClassExpression(parent)) {
      if (isStaticMember(child)) return undefined;
      return { owner: parent, member: child, memberName: memberName(child), thisIsInstance };
    }
  }
  return undefined;
}

/** Calls grouped by the class they sit in, with their placement; calls outside classes and in static members are left out. */
export function byOwnerClass<T extends { call: Node }>(
  calls: readonly T[],
): Map<OwnerClass, { call: T; placement: Placement }[]> {
  const groups = new Map<OwnerClass, { call: T; placement: Placement }[]>();
  for (const call of calls) {
    const placement = placementOf(call.call);
    if (!placement) continue;
    groups.set(placement.owner, [...(groups.get(placement.owner) ?? []), { call, placement }]);
  }
  return groups;
}

function isStaticMember(member: Node): boolean {
  return Node.isClassStaticBlockDeclaration(member) || (Node.isStaticable(member) && member.isStatic());
}

export function memberName(member: Node): string {
  if (Node.isConstructorDeclaration(member)) return 'constructor';
  if (Node.isMethodDeclaration(member) || Node.isPropertyDeclaration(member) || Node.isGetAccessorDeclaration(member)) {
    return member.getName();
  }
  return '';
}

/** Instance methods by name, including arrow-function properties, which are called the same way. */
function instanceMethods(owner: OwnerClass): Map<string, Node> {
  const methods = new Map<string, Node>();
  for (const member of owner.getMembers()) {
    if (isStaticMember(member)) continue;
    if (Node.isMethodDeclaration(member) && member.getBody()) methods.set(member.getName(), member);
    if (Node.isConstructorDeclaration(member) && member.getBody()) methods.set('constructor', member);
    if (Node.isPropertyDeclaration(member) && isFunctionLike(member.getInitializer())) {
      methods.set(member.getName(), member);
    }
  }
  return methods;
}

const isFunctionLike = (node: Node | undefined): boolean =>
  !!node && (Node.isArrowFunction(node) || Node.isFunctionExpression(node));

/** The block body of a method or of an arrow/function property, if it has one. */
export function methodBody(member: Node): Block | undefined {
  const fn = Node.isPropertyDeclaration(member) ? member.getInitializer() : member;
  if (!fn || !(Node.isMethodDeclaration(fn) || Node.isConstructorDeclaration(fn) || isFunctionLike(fn)))
    return undefined;
  const body = (fn as unknown as { getBody(): Node | undefined }).getBody();
  return body && Node.isBlock(body) ? body : undefined;
}

/** Names of instance methods that `member` calls as `this.name(...)`. */
/**
 * The instance methods `member` calls through `this`. `synchronous` leaves out calls inside nested
 * functions (a click handler the member installs), which run later, if ever.
 */
function thisCallsIn(member: Node, methods: Map<string, Node>, calls: 'any' | 'synchronous' = 'any'): string[] {
  const own = Node.isPropertyDeclaration(member) ? member.getInitializer() : member;
  return member
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((call) => calls === 'any' || call.getFirstAncestor(isFunction) === own)
    .map((call) => calledMemberName(call.getExpression()))
    .filter((name): name is string => name !== undefined && methods.has(name));
}

/** `this.reset` → `reset`, `this[reset]` → `[reset]` (how a computed member is named). */
function calledMemberName(callee: Node): string | undefined {
  if (Node.isPropertyAccessExpression(callee) && Node.isThisExpression(callee.getExpression())) return callee.getName();
  if (Node.isElementAccessExpression(callee) && Node.isThisExpression(callee.getExpression())) {
    return `[${callee.getArgumentExpression()?.getText()}]`;
  }
  return undefined;
}

/** The members `names` run, directly or through `this` calls. */
export function reachableFrom(
  lifecycle: Pick<Lifecycle, 'methods'>,
  names: readonly string[],
  calls: 'any' | 'synchronous' = 'any',
): Set<Node> {
  const { methods } = lifecycle;
  const reached = new Set<Node>();
  const pending = names.filter((name) => methods.has(name));
  while (pending.length > 0) {
    const member = methods.get(pending.pop()!)!;
    if (reached.has(member)) continue;
    reached.add(member);
    pending.push(...thisCallsIn(member, methods, calls));
  }
  return reached;
}

/** The class's teardown methods and every method they reach through `this.method()` calls. */
export interface Lifecycle {
  owner: OwnerClass;
  methods: Map<string, Node>;
  /** The teardowns that count: the framework's one if the class has it, else all conventional ones. */
  teardowns: string[];
  /** Members run by a teardown, directly or through `this` calls. */
  runsAtTeardown: Set<Node>;
}

/** `remove(item)` removes something from the instance; only a `remove()` without parameters ends it. */
function isTeardown(name: string, methods: Map<string, Node>): boolean {
  const method = methods.get(name);
  if (!method) return false;
  return name !== 'remove' || !Node.isMethodDeclaration(method) || method.getParameters().length === 0;
}

/** Members that set an instance up, once per life or per (re)attach: their code runs at setup. */
const SETUP_MEMBERS = new Set([
  'constructor',
  'connectedCallback',
  'firstUpdated',
  'hostConnected',
  'componentDidMount',
  'ngOnInit',
  'init',
  'initialize',
  'setup',
  'onAdd',
]);
/** Names that read as setting something up (`attachEvents`, `openStream`), so their parameters are set-up values. */
const SETUP_PREFIXES = /^(open|mount|connect|activate|attach|bind|enable|start|listen|observe|watch)/;

/** A member named as setting the instance up (its constructor, a framework's connect, `open…`, `attach…`). */
export const isSetupMember = (name: string): boolean => SETUP_MEMBERS.has(name) || SETUP_PREFIXES.test(name);

/** Setups code calls by name, again after their teardown: `open()` after `close()`, `listen()` after `mute()`. */
const RECALLABLE_SETUPS = new Set([...Object.keys(SETUP_TEARDOWN_PAIRS), 'listen', 'observe', 'watch']);

/** Whether setting the instance up runs `member`: a set-up member, one code calls to set it up again, or what they call. */
export function runsAtSetup(lifecycle: Lifecycle, member: Node): boolean {
  if (Node.isPropertyDeclaration(member) && !isFunctionLike(member.getInitializer())) return true;
  return reachableFrom(lifecycle, [...SETUP_MEMBERS, ...RECALLABLE_SETUPS], 'synchronous').has(member);
}

/** Whether `member` runs again when the instance is set up again after `teardown`: its paired setup reaches it, or it is one. */
export function runsAgainAfter(lifecycle: Lifecycle, member: Node, teardown: string): boolean {
  const setup = setupFor(teardown);
  const setups = [...RECALLABLE_SETUPS, ...(setup ? [setup] : [])];
  return reachableFrom(lifecycle, setups).has(member);
}

/**
 * A listener added by a method that answers an event (a drag's start, a property observer) and
 * removed by another when the state ends (the drag's end, `opened = false`): its removal runs when
 * the state ends, often reached through names and wrappers unleak does not follow. It lingers only
 * when the owner is torn down mid-state, so it is a risk, not a leak.
 */
export function stateScopedBecause(
  lifecycle: Lifecycle,
  placement: Placement,
  sameEvent: readonly { call: Node }[],
): string | undefined {
  if (sameEvent.length === 0 || runsAtSetup(lifecycle, placement.member)) return undefined;
  const where = [...new Set(sameEvent.map((removal) => `${placementOf(removal.call)?.memberName}()`))].join(', ');
  return `is added in ${placement.memberName}() and a listener of the same event is removed in ${where}, when that state ends; it stays only if the owner is torn down before`;
}

export function lifecycleOf(owner: OwnerClass): Lifecycle {
  const methods = instanceMethods(owner);
  const framework = FRAMEWORK_TEARDOWNS.filter((name) => methods.has(name));
  const teardowns = framework.length > 0 ? framework : TEARDOWN_METHODS.filter((name) => isTeardown(name, methods));
  return { owner, methods, teardowns, runsAtTeardown: reachableFrom({ methods }, teardowns) };
}

export function runsAtTeardown(lifecycle: Lifecycle, node: Node): boolean {
  const placement = placementOf(node);
  return !!placement && placement.owner === lifecycle.owner && lifecycle.runsAtTeardown.has(placement.member);
}

/**
 * Where a class's listeners are aborted, and whether that teardown can run while the instance lives
 * on: then a constructor's registration cannot be scoped to it, and every other registering method
 * renews an aborted controller (an aborted signal silently refuses new listeners).
 */
export interface TeardownPlan {
  teardown: string;
  /** Set when the class lacks the teardown its framework calls, and the fix adds it. */
  missing?: MissingTeardown;
  /** Why the teardown can run more than once, in words; undefined when it ends the instance. */
  rerunsBecause?: string;
  /** Why aborting in it may change what the class does, in words: then its fixes need review. */
  reviewBecause?: string;
}

/** The teardown as a fix message names it: `dispose()`, `a new disconnectedCallback()`, `a new close() that calls Base's`. */
export function teardownInWords({ teardown, missing }: TeardownPlan): string {
  if (!missing) return `${teardown}()`;
  return missing.inherited ? `a new ${teardown}() that calls ${missing.inherited.from}'s` : `a new ${teardown}()`;
}

/** The setup method that pairs with a teardown (`connectedCallback` for `disconnectedCallback`). */
export const setupFor = (teardown: string): string | undefined =>
  Object.entries(SETUP_TEARDOWN_PAIRS).find(([, candidate]) => candidate === teardown)?.[0];

export function teardownPlan(lifecycle: Lifecycle, registeringMembers: ReadonlySet<string>): TeardownPlan | undefined {
  const { methods, teardowns } = lifecycle;
  if (teardowns.length === 0) {
    const missing = missingFrameworkTeardown(lifecycle.owner, methods) ?? overridableTeardown(lifecycle.owner);
    if (!missing) return undefined;
    const rerunsBecause = whyRerunnable(lifecycle, missing.name) ?? missing.inherited?.rerunsBecause;
    return { teardown: missing.name, rerunsBecause, missing, ...reviewOf(lifecycle, missing.name) };
  }
  const paired = [...registeringMembers]
    .map((member) => SETUP_TEARDOWN_PAIRS[member])
    .find((t) => t && teardowns.includes(t));
  const innermost = teardowns.find(
    (name) => !teardowns.some((other) => other !== name && thisCallsIn(methods.get(name)!, methods).includes(other)),
  );
  const teardown = paired ?? innermost ?? teardowns[0];
  return teardown
    ? { teardown, rerunsBecause: whyRerunnable(lifecycle, teardown), ...reviewOf(lifecycle, teardown) }
    : undefined;
}

/** Event registrations, promises and timers: work a teardown leaves running after it returns. */
const DEFERRING_CALL = /^(.+\.)?(addEventListener|on|once|then|setTimeout|setImmediate|nextTick|queueMicrotask)$/;

/**
 * Why an abort() added to the teardown may change behaviour: the teardown finishes later (it waits
 * for events or timers that the listeners being aborted may deliver), or it is handed around as a
 * callback (a server's 'close' handler), so it runs when the class does not decide.
 */
function reviewOf({ owner, methods }: Lifecycle, teardown: string): { reviewBecause?: string } {
  const member = methods.get(teardown);
  const reached = member ? reachableFrom({ methods }, [teardown]) : new Set<Node>();
  const defers = [...reached].some((node) =>
    node
      .getDescendants()
      .some(
        (child) =>
          Node.isAwaitExpression(child) ||
          (Node.isCallExpression(child) && DEFERRING_CALL.test(child.getExpression().getText())),
      ),
  );
  if (defers)
    return {
      reviewBecause: `${teardown}() finishes later, waiting on events or timers that the aborted listeners may be needed for`,
    };
  const handedOver = owner
    .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
    .find(
      (access) => Node.isThisExpression(access.getExpression()) && access.getName() === teardown && !isCalled(access),
    );
  if (handedOver) {
    const where =
      handedOver.getFirstAncestorByKind(SyntaxKind.ExpressionStatement)?.getExpression() ??
      handedOver.getParentOrThrow();
    return {
      reviewBecause: `${teardown}() is also handed over as a callback (${where.getText()}), so it may run while the instance is still in use`,
    };
  }
  return {};
}

const isCalled = (access: Node): boolean => {
  const parent = access.getParent();
  return !!parent && Node.isCallExpression(parent) && parent.getExpression() === access;
};

function whyRerunnable({ methods, teardowns }: Lifecycle, teardown: string): string | undefined {
  if (ALWAYS_RERUNNABLE.has(teardown)) return 'the framework calls it again after every reattach';
  const setup = setupFor(teardown);
  if (setup && methods.has(setup)) return `${setup}() can start the instance again after it`;
  const callsTeardown = (member: Node) =>
    member
      .getDescendantsOfKind(SyntaxKind.CallExpression)
      .some((call) => calledMemberName(call.getExpression()) === teardown);
  const callers = [...methods].filter(([name, member]) => !teardowns.includes(name) && callsTeardown(member));
  if (callers.length > 0)
    return `the class calls it itself, from ${callers.map(([name]) => `${name}()`).join(' and ')}`;
  return undefined;
}

/**
 * A teardown the class does not have but that runs all the same: one its framework calls, or one it
 * inherits from a base class of the project. Adding it (an override, for the inherited one) is safe,
 * since something calls it.
 */
export interface MissingTeardown {
  name: string;
  /** The setup it pairs with, which it goes after; absent: it goes last in the class. */
  after: Node | undefined;
  /** `super.disconnectedCallback()` first: `call` when the base has it, `optional` when the base is unknown. */
  superCall: 'none' | 'call' | 'optional';
  /** Set when the base class has it: the new method overrides it, aborts, then calls the base's. */
  inherited?: { from: string; returnsValue: boolean; isProtected: boolean; rerunsBecause: string | undefined };
}

const REACT_COMPONENT = /^(React\.)?(Pure)?Component$/;
const CUSTOM_ELEMENT = /(^|\.)(HTML\w*Element|LitElement|ReactiveElement)$/;
const ANGULAR_DECORATORS = new Set(['Component', 'Directive']);

/**
 * React's `Component` or `PureComponent`: imported from react (or preact), a global `React.Component`, or
 * an ambient declaration of it; not a class of the project that happens to be called Component (video.js').
 */
function isReactComponent(base: Expression): boolean {
  if (!REACT_COMPONENT.test(base.getText())) return false;
  const root = Node.isPropertyAccessExpression(base) ? base.getExpression() : base;
  const declaration = Node.isIdentifier(root) ? declarationOf(root) : undefined;
  if (!declaration) return true;
  const imported = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  if (imported) return /^(react|preact)(\/|$)/.test(imported.getModuleSpecifierValue());
  return Node.isClassDeclaration(declaration) && declaration.hasDeclareKeyword();
}

function missingFrameworkTeardown(owner: OwnerClass, methods: Map<string, Node>): MissingTeardown | undefined {
  const base = owner.getExtends();
  const baseName = base?.getExpression().getText() ?? '';
  if (base && isReactComponent(base.getExpression()))
    return { name: 'componentWillUnmount', after: methods.get('componentDidMount'), superCall: 'none' };
  if (methods.has('connectedCallback') || CUSTOM_ELEMENT.test(baseName)) {
    const inherited = base && propertiesAmong(base, ['disconnectedCallback']);
    const superCall = !base ? 'none' : !inherited ? 'optional' : inherited.length > 0 ? 'call' : 'none';
    return { name: 'disconnectedCallback', after: methods.get('connectedCallback'), superCall };
  }
  if (owner.getDecorators().some((decorator) => ANGULAR_DECORATORS.has(decorator.getName()))) {
    return { name: 'ngOnDestroy', after: methods.get('ngOnInit'), superCall: 'none' };
  }
  return undefined;
}

/**
 * The teardown a class inherits from one of the project's classes (its own packages' declarations
 * included, not an installed library's, whose teardowns have rules of their own, as Node streams'
 * `_destroy`), when it is a concrete method without parameters: an override can then call it as the
 * caller did. Asked only of classes that have no teardown of their own.
 */
function inheritedTeardown(owner: OwnerClass): MissingTeardown | { refusal: string } | undefined {
  const chain: ClassDeclaration[] = [];
  for (let base = baseClassOf(owner); base; base = baseClassOf(base)) chain.push(base);
  for (const [index, base] of chain.entries()) {
    const member = TEARDOWN_METHODS.map((name) => base.getInstanceMember(name)).find((found) => found !== undefined);
    if (!member) continue;
    const name = `${base.getName() ?? 'the base class'}.${Node.hasName(member) ? member.getName() : 'teardown'}()`;
    if (!Node.isMethodDeclaration(member))
      return { refusal: `the teardown it inherits, ${name}, is not a method an override could call` };
    if (member.isAbstract() || member.hasModifier(SyntaxKind.PrivateKeyword)) {
      return { refusal: `the teardown it inherits, ${name}, is ${member.isAbstract() ? 'abstract' : 'private'}` };
    }
    if (member.getParameters().length > 0)
      return { refusal: `the teardown it inherits, ${name}, takes arguments that an override would have to pass on` };
    return inheritedFrom(chain.slice(0, index + 1), member);
  }
  return undefined;
}

function inheritedFrom(bases: ClassDeclaration[], member: MethodDeclaration): MissingTeardown {
  const base = bases.at(-1)!;
  const name = member.getName();
  const inherited = {
    from: base.getName() ?? 'the base class',
    returnsValue: !member.getReturnType().isVoid(),
    isProtected: member.hasModifier(SyntaxKind.ProtectedKeyword),
    rerunsBecause: inheritedRerun(bases, name),
  };
  return { name, after: undefined, superCall: 'none', inherited };
}

function overridableTeardown(owner: OwnerClass): MissingTeardown | undefined {
  const inherited = inheritedTeardown(owner);
  return inherited && !('refusal' in inherited) ? inherited : undefined;
}

/** Why a class has no teardown to abort in, completing "Not fixed: …": it has none, or cannot override the one it inherits. */
export function noTeardownBecause(owner: OwnerClass): string {
  const inherited = inheritedTeardown(owner);
  if (inherited && 'refusal' in inherited) return inherited.refusal;
  return `${owner.getName() ?? 'this class'} has no teardown method (${TEARDOWN_METHODS.slice(0, 4).join(', ')}, …) to abort it in`;
}

/** Why an inherited teardown can run again: a base class pairs it with a setup, or calls it itself. */
function inheritedRerun(bases: ClassDeclaration[], teardown: string): string | undefined {
  const setup = setupFor(teardown);
  const withSetup = setup ? bases.find((base) => base.getInstanceMember(setup)) : undefined;
  if (withSetup) return `${withSetup.getName()}'s ${setup}() can start the instance again after it`;
  const caller = bases.find((base) =>
    base
      .getDescendantsOfKind(SyntaxKind.CallExpression)
      .some((call) => calledMemberName(call.getExpression()) === teardown),
  );
  return caller && `${caller.getName()} calls it itself`;
}

/** Calls that end an object's life: a socket destroyed, a worker terminated, an element removed. */
const ENDING_CALLS = new Set(['destroy', 'close', 'end', 'terminate', 'dispose', 'remove', 'disconnect']);

/**
 * Whether the class's teardown ends the target itself (`this.socket.destroy()`): then the target
 * goes with the instance, and its listeners with it. Not said of globals, whose `close()` means other things.
 */
export function endedAtTeardown(lifecycle: Lifecycle, target: Expression): boolean {
  if (isOnGlobalObject(target)) return false;
  const key = expressionKey(target);
  return lifecycle.owner.getDescendantsOfKind(SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    const ends =
      Node.isPropertyAccessExpression(callee) &&
      ENDING_CALLS.has(callee.getName()) &&
      expressionKey(callee.getExpression()) === key;
    return ends && runsAtTeardown(lifecycle, call);
  });
}

/** Whether `controller.abort()` (or `controller?.abort()`) runs at the class's teardown. */
export function abortedAtTeardown(lifecycle: Lifecycle, controller: string): boolean {
  return lifecycle.owner
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .some(
      (call) =>
        call.getExpression().getText().replace('?.', '.') === `${controller}.abort` && runsAtTeardown(lifecycle, call),
    );
}
