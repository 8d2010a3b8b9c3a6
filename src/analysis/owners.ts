import {
  Node,
  SyntaxKind,
  type Block,
  type ClassDeclaration,
  type ClassExpression,
} from 'ts-morph';

export type OwnerClass = ClassDeclaration | ClassExpression;

/** Methods that end an instance's life, in the order one is picked when a class has several. */
export const TEARDOWN_METHODS = [
  'dispose',
  'destroy',
  'close',
  'teardown',
  'unmount',
  'disconnect',
  'disconnectedCallback',
  'componentWillUnmount',
  'ngOnDestroy',
  'hostDisconnected',
  '[Symbol.dispose]',
];

/** Teardowns the framework itself calls: when a class has one, it is the teardown that counts. */
const FRAMEWORK_TEARDOWNS = ['disconnectedCallback', 'componentWillUnmount', 'ngOnDestroy', 'hostDisconnected'];

/** Setup methods that may run again after their teardown on the same instance. */
const RERUNNABLE_SETUPS: Record<string, string> = {
  connectedCallback: 'disconnectedCallback',
  hostConnected: 'hostDisconnected',
  open: 'close',
  mount: 'unmount',
  connect: 'disconnect',
};

/** Setups the framework calls strictly alternating with their teardown; user code may call the others twice. */
const FRAMEWORK_SETUPS = new Set(['connectedCallback', 'hostConnected']);

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
    if (Node.isClassDeclaration(parent) || Node.isClassExpression(parent)) {
      if (isStaticMember(child)) return undefined;
      return { owner: parent, member: child, memberName: memberName(child), thisIsInstance };
    }
  }
  return undefined;
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
  if (!fn || !(Node.isMethodDeclaration(fn) || Node.isConstructorDeclaration(fn) || isFunctionLike(fn))) return undefined;
  const body = (fn as unknown as { getBody(): Node | undefined }).getBody();
  return body && Node.isBlock(body) ? body : undefined;
}

/** Names of instance methods that `member` calls as `this.name(...)`. */
function thisCallsIn(member: Node, methods: Map<string, Node>): string[] {
  return member
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .map((call) => call.getExpression())
    .filter((callee) => Node.isPropertyAccessExpression(callee) && Node.isThisExpression(callee.getExpression()))
    .map((callee) => (callee as unknown as { getName(): string }).getName())
    .filter((name) => methods.has(name));
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

export function lifecycleOf(owner: OwnerClass): Lifecycle {
  const methods = instanceMethods(owner);
  const framework = FRAMEWORK_TEARDOWNS.filter((name) => methods.has(name));
  const teardowns = framework.length > 0 ? framework : TEARDOWN_METHODS.filter((name) => methods.has(name));
  const runsAtTeardown = new Set<Node>();
  const pending = [...teardowns];
  while (pending.length > 0) {
    const member = methods.get(pending.pop()!)!;
    if (runsAtTeardown.has(member)) continue;
    runsAtTeardown.add(member);
    pending.push(...thisCallsIn(member, methods));
  }
  return { owner, methods, teardowns, runsAtTeardown };
}

export function runsAtTeardown(lifecycle: Lifecycle, node: Node): boolean {
  const placement = placementOf(node);
  return !!placement && placement.owner === lifecycle.owner && lifecycle.runsAtTeardown.has(placement.member);
}

/**
 * Where a class's listeners are aborted: the teardown method, and the setup method that must create
 * a fresh controller when setup can run again after teardown (an aborted signal refuses new listeners).
 */
export interface TeardownPlan {
  teardown: string;
  renewIn?: string;
  /** Whether `renewIn` may run twice without the teardown between, so it renews only an aborted controller. */
  renewOnlyAborted?: boolean;
  /** True when `teardown` may run more than once in the instance's life. */
  rerunnable: boolean;
}

/** The setup method that pairs with a teardown that can run again (`connectedCallback` for `disconnectedCallback`). */
export const setupFor = (teardown: string): string | undefined =>
  Object.entries(RERUNNABLE_SETUPS).find(([, candidate]) => candidate === teardown)?.[0];

export function teardownPlan(lifecycle: Lifecycle, registeringMembers: ReadonlySet<string>): TeardownPlan | undefined {
  const { methods, teardowns } = lifecycle;
  for (const [setup, teardown] of Object.entries(RERUNNABLE_SETUPS)) {
    if (!teardowns.includes(teardown)) continue;
    const frameworkCalled = FRAMEWORK_SETUPS.has(setup);
    if (methods.has(setup) && (registeringMembers.has(setup) || frameworkCalled)) {
      return { teardown, renewIn: setup, renewOnlyAborted: !frameworkCalled, rerunnable: true };
    }
    if (frameworkCalled) return { teardown, rerunnable: true };
  }
  const innermost = teardowns.find(
    (name) => !teardowns.some((other) => other !== name && thisCallsIn(methods.get(name)!, methods).includes(other)),
  );
  const teardown = innermost ?? teardowns[0];
  return teardown ? { teardown, rerunnable: false } : undefined;
}
