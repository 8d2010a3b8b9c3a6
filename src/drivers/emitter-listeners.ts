import {
  Node,
  SyntaxKind,
  type ArrowFunction,
  type CallExpression,
  type Expression,
  type ExpressionStatement,
  type FunctionExpression,
  type SourceFile,
} from 'ts-morph';
import type { Detection, TextEdit } from '../finding.js';
import type { Driver, RuleContext } from '../rule.js';
import { classFindings, classFixStart, type ClassFixBase, type ClassRule } from './class-driver.js';
import { listenerData, removedOnlyIn } from './listener-messages.js';
import { freeName } from '../analysis/names.js';
import { splice, type Splice } from '../splice.js';
import type { Controller } from '../fixes/controller.js';
import { className } from '../fixes/controller-refusal.js';
import { skipOuterExpressions, thisAssignments } from '../analysis/expressions.js';
import { terminator } from '../fixes/insertions.js';
import { isReported, perCallReview, targetLifetime } from '../analysis/lifetime.js';
import { asRisk, classOwnerStep, listenerStep, retentionThrough, type Retention } from '../analysis/retention.js';
import {
  eventTypeKey,
  eventTypeLabel,
  handlerKind,
  removes,
  retainsInstance,
  sameTargetAndType,
  targetKey,
} from '../analysis/listeners.js';
import {
  endedAtTeardown,
  isSetupMember,
  placementOf,
  runsAtSetup,
  runsAtTeardown,
  stateScopedBecause,
  teardownInWords,
  type Lifecycle,
  type Placement,
} from '../analysis/owners.js';
import { isOnNodeProcess } from '../analysis/globals.js';
import { detectStyle, indentationAt, lineEndAt, type CodeStyle } from '../analysis/style.js';
import { memberDeclarations, propertiesAmong, typeText } from '../analysis/types.js';

const REGISTRATIONS = new Set(['on', 'addListener', 'prependListener']);
/** `un` is OpenLayers' `off`. */
const REMOVALS = new Set(['off', 'removeListener', 'un']);
/** Methods that return the emitter, so that calls chain: `emitter.on(…).on(…)`. */
const CHAINABLE = new Set([...REGISTRATIONS, ...REMOVALS, 'once']);

/** `target.on(type, handler[, context])`, or its `addListener`, `off` and `removeListener` twins. */
interface EmitterCall {
  call: CallExpression;
  method: string;
  target: Expression;
  type: Expression;
  handler: Expression;
  /** The `this` a Leaflet-style emitter calls the handler with: `on(type, fn, ctx)`. */
  context: Expression | undefined;
}

interface Leak {
  registration: EmitterCall;
  placement: Placement;
  /** The emitter's removal method, `off` or `removeListener`. */
  removal: string;
  /** What is wrong and why the emitter outlives the owner, as the rule's message says it. */
  messageId: string;
  data: Record<string, string>;
  /** Set when the leak is known but the fix would be wrong. */
  refusal?: string;
  /** Set when the fix may be wrong for this registration: it is then `review`. */
  reviewBecause?: string;
  retention: Retention;
}

/** What the fixes of one file share: how it is written, and the names hoisted handlers have taken. */
interface FileStyle {
  code: CodeStyle;
  quote: string;
  takenNames: Set<string>;
}

const mayDetect = (text: string): boolean => /\.\s*(on|addListener|prependListener)\s*\(/.test(text);

function detect(sourceFile: SourceFile, context: RuleContext): Detection[] {
  if (!context.enabledRules.has('lingering-listener')) return [];
  let fileStyle: FileStyle | undefined;
  const fileStyleOnce = () => {
    fileStyle ??= fileStyleOf(sourceFile);
    return fileStyle;
  };
  const lingeringOnEmitters: ClassRule<EmitterCall, Leak> = {
    diagnose(lifecycle, registrations) {
      const removals = emitterCallsIn(lifecycle.owner, REMOVALS).filter(
        (removal) => placementOf(removal.call)?.owner === lifecycle.owner,
      );
      return registrations
        .map(({ call, placement }) => diagnose(call, placement, lifecycle, removals, context.settings.includeRisks))
        .filter((leak): leak is Leak => leak !== undefined);
    },
    controllerTargets: () => [],
    toFinding: (leak, base) => toFinding(leak, base, fileStyleOnce),
  };
  const calls = emitterCallsIn(sourceFile, REGISTRATIONS);
  return classFindings(calls, lingeringOnEmitters, () => fileStyleOnce().code, context.settings.realm);
}

/** Listeners a class adds with `on()` on long-lived emitters and does not remove at teardown. */
export const emitterListeners: Driver = { id: 'emitter-listeners', mayDetect, detect };

function emitterCallsIn(scope: Node, methods: ReadonlySet<string>): EmitterCall[] {
  return scope.getDescendantsOfKind(SyntaxKind.CallExpression).flatMap((call) => {
    const callee = call.getExpression();
    const [type, handler, context, ...rest] = call.getArguments() as Expression[];
    if (!Node.isPropertyAccessExpression(callee) || !methods.has(callee.getName())) return [];
    if (
      !type ||
      !handler ||
      rest.length > 0 ||
      [type, handler, context].some((arg) => arg && Node.isSpreadElement(arg))
    ) {
      return [];
    }
    return [{ call, method: callee.getName(), target: chainReceiver(callee.getExpression()), type, handler, context }];
  });
}

/**
 * `const off = bus.on(…)`, `this.disposers.push(bus.on(…))`, `() => bus.on(…)`: the code keeps what
 * `on()` returns, as it does with the many emitters whose `on()` returns its own remover.
 */
function keepsItsResult(call: CallExpression): boolean {
  const parent = call.getParentOrThrow();
  return (
    !Node.isExpressionStatement(parent) && !(Node.isPropertyAccessExpression(parent) && CHAINABLE.has(parent.getName()))
  );
}

/** The emitter a chain of calls starts from: `emitter` in `emitter.on(…).on(…)`. */
function chainReceiver(expression: Expression): Expression {
  const node = skipOuterExpressions(expression);
  const callee = Node.isCallExpression(node) ? node.getExpression() : undefined;
  return Node.isPropertyAccessExpression(callee) && CHAINABLE.has(callee.getName())
    ? chainReceiver(callee.getExpression())
    : expression;
}

function diagnose(
  registration: EmitterCall,
  placement: Placement,
  lifecycle: Lifecycle,
  removals: EmitterCall[],
  includeRisks: boolean,
): Leak | undefined {
  const lifetime = targetLifetime(registration.target, lifecycle.owner);
  if (!isReported(lifetime) || !retainsInstance(registration.handler) || keepsItsResult(registration.call))
    return undefined;
  // A risk the run does not show is not worth asking the type checker about.
  if (lifetime.kind !== 'outlives' && !includeRisks) return undefined;
  const exact = removals.filter((removal) => removes(removal, registration));
  // Removed in the method that adds it: a temporary listener, or the removal on abort that this fix writes.
  const removedInPlace = exact.some((removal) => placementOf(removal.call)!.member === placement.member);
  if (removedInPlace || exact.some((removal) => runsAtTeardown(lifecycle, removal.call))) return undefined;
  if (clearedAtTeardown(registration, lifecycle) || endedAtTeardown(lifecycle, registration.target)) return undefined;
  const removal = removalMethod(registration, removals);
  if (!removal) return undefined;

  const sameEvent = removals.filter((other) => sameTargetAndType(other, registration));
  const scoped = stateScopedBecause(lifecycle, placement, sameEvent);
  const data = listenerData(registration, lifetime, className(lifecycle.owner));
  const message = scoped
    ? { messageId: 'stateScoped', data: { ...data, scoped } }
    : exact[0]
      ? removedOnlyIn(exact[0], lifecycle, data)
      : { messageId: 'neverRemoved', data };
  const refusal = whyNotRemovable(registration, placement, lifecycle);
  const retention = retentionThrough(
    lifetime.kind === 'outlives' ? 'leak' : 'risk',
    lifetime.path,
    listenerStep(eventTypeLabel(registration.type), registration.call),
    classOwnerStep(lifecycle.owner),
  );
  return {
    registration,
    placement,
    removal,
    ...message,
    refusal,
    retention: scoped ? asRisk(retention) : retention,
    reviewBecause: perCallReview(registration.target, lifetime),
  };
}

/**
 * Why removing the listener at teardown would be wrong: the registering method takes the emitter's
 * listeners over (it clears or collects them first, as a server adapter chaining the app's request
 * handlers does), or the field that names the emitter is reassigned, so at teardown it may name another.
 */
function whyNotRemovable(registration: EmitterCall, placement: Placement, lifecycle: Lifecycle): string | undefined {
  const key = targetKey(registration.target);
  const takesOver = placement.member.getDescendantsOfKind(SyntaxKind.CallExpression).find((call) => {
    const callee = call.getExpression();
    return (
      Node.isPropertyAccessExpression(callee) &&
      TAKE_OVER.has(callee.getName()) &&
      targetKey(callee.getExpression()) === key
    );
  });
  if (takesOver) {
    return `${placement.memberName}() takes over ${registration.target.getText()}'s listeners (${takesOver.getText()}), so removing this one at teardown may leave it without them`;
  }
  if (!isSetupMember(placement.memberName) && !runsAtSetup(lifecycle, placement.member)) {
    return `${placement.memberName}() is not part of setting the ${className(lifecycle.owner)} up and may run many times, each run adding one more abort listener to its controller`;
  }
  const throwing = throwingRemoval(registration);
  if (throwing) {
    return `${throwing} can throw, and an exception in an abort listener is uncaught (it ends a Node process)`;
  }
  const field = thisFieldOf(registration.target);
  const reassignedIn =
    field &&
    thisAssignments(lifecycle.owner).find(
      (assigned) => assigned.field === field && placementOf(assigned.assignment)?.memberName !== 'constructor',
    );
  if (reassignedIn) {
    return `this.${field} is reassigned in ${placementOf(reassignedIn.assignment)?.memberName}(), so at teardown it may name another emitter`;
  }
  return undefined;
}

/**
 * The emitter's removal method, when the project writes it and it throws somewhere (`off()` of a
 * listener that is not there, say): a removal on abort must not be able to throw.
 */
function throwingRemoval(registration: EmitterCall): string | undefined {
  const thrower = memberDeclarations(registration.target, [...REMOVALS]).find(({ declarations }) =>
    declarations.some(
      (declaration) =>
        !declaration.getSourceFile().isInNodeModules() &&
        declaration.getDescendantsOfKind(SyntaxKind.ThrowStatement).length > 0,
    ),
  );
  return thrower && `${registration.target.getText()}.${thrower.name}()`;
}

/** Calls by which code takes an emitter's existing listeners into its own hands. */
const TAKE_OVER = new Set(['removeAllListeners', 'listeners', 'rawListeners']);

/** `transport` in `this.transport` or `this.transport.socket`, as the removal on abort would read it then. */
function thisFieldOf(target: Expression): string | undefined {
  let node = skipOuterExpressions(target);
  while (Node.isPropertyAccessExpression(node) && !Node.isThisExpression(skipOuterExpressions(node.getExpression())))
    node = skipOuterExpressions(node.getExpression());
  return Node.isPropertyAccessExpression(node) ? node.getName() : undefined;
}

/**
 * What removes every listener of a type, or of the emitter, when given no handler: Node's
 * `removeAllListeners`, and the `off` of Konva, jQuery, socket.io and mitt.
 */
const CLEARING = new Set(['removeAllListeners', 'off']);

/** `emitter.removeAllListeners()` or `emitter.off()`, or either of the registration's type and no handler, run by the teardown. */
function clearedAtTeardown(registration: EmitterCall, lifecycle: Lifecycle): boolean {
  return lifecycle.owner.getDescendantsOfKind(SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !CLEARING.has(callee.getName())) return false;
    const [type, ...rest] = call.getArguments() as Expression[];
    const sameType = !type || (rest.length === 0 && eventTypeKey(type) === eventTypeKey(registration.type));
    return (
      sameType &&
      targetKey(callee.getExpression()) === targetKey(registration.target) &&
      runsAtTeardown(lifecycle, call)
    );
  });
}

/**
 * The removal method of an emitter: the one that pairs with the registration (`on`/`off`,
 * `addListener`/`removeListener`), else the other. Known from the target's type, or, when that is
 * `any`, from the removals the class calls on it. A target with neither (a chart's `.on`) is no emitter.
 */
function removalMethod(registration: EmitterCall, removals: EmitterCall[]): string | undefined {
  const preferred = registration.method === 'on' ? ['off', 'removeListener', 'un'] : ['removeListener', 'off'];
  const key = targetKey(registration.target);
  const calledOnTarget = (method: string) =>
    removals.some((removal) => removal.method === method && targetKey(removal.target) === key);
  // Without @types/node the types say nothing; Node's own process is an emitter all the same.
  const known = isOnNodeProcess(registration.target) ? preferred : undefined;
  return (propertiesAmong(registration.target, preferred) ?? known ?? preferred.filter(calledOnTarget))[0];
}

function toFinding(leak: Leak, base: ClassFixBase, fileStyle: () => FileStyle): Detection {
  const start = classFixStart(leak, 'lingering-listener', base);
  if (!('draft' in start)) return start;
  const { draft, controller: ready, plan: ending, renewal } = start;
  const removal = removalOnAbort(leak, ready, fileStyle());
  if ('refusal' in removal) return draft.reportOnly(removal.refusal);

  const remove = `${leak.registration.target.getText()}.${leak.removal}()`;
  const teardown = teardownInWords(ending);
  const hoisted = removal.hoistedAs
    ? `, with the handler named ${removal.hoistedAs} so that the removal matches it`
    : '';
  const fix = `remove it with ${remove} when ${teardown} aborts the class's AbortController${hoisted}`;
  return draft.fixed(
    'safe',
    fix,
    [...removal.edits, ...ready.edits, ...renewal],
    ending.reviewBecause ?? leak.reviewBecause,
  );
}

/**
 * `controller.signal.addEventListener('abort', () => target.off(type, handler), { once: true })` right
 * after the registration: `on()` takes no signal. A handler made at the call (an inline function, a
 * `.bind()`) is first named in a `const`, so that the removal passes the same function.
 */
function removalOnAbort(
  leak: Leak,
  controller: Controller,
  fileStyle: FileStyle,
): { edits: TextEdit[]; hoistedAs?: string } | { refusal: string } {
  const { call, target, type, handler, context } = leak.registration;
  const statement = call.getParentIfKind(SyntaxKind.ExpressionStatement);
  if (!statement || !Node.isBlock(statement.getParent())) {
    return {
      refusal:
        'the call is part of a larger expression (a chain of calls, say), so no statement of its own can be followed by its removal',
    };
  }
  const hoisted =
    handlerKind(handler) === 'reference' ? undefined : hoistHandler(leak.registration, statement, fileStyle);
  if (hoisted && 'refusal' in hoisted) return hoisted;

  const { code, quote } = fileStyle;
  const once = `{${code.objectSpace}once: true${code.objectSpace}}`;
  const access = call.getExpressionIfKindOrThrow(SyntaxKind.PropertyAccessExpression).hasQuestionDotToken()
    ? '?.'
    : '.';
  const handlerAndContext = [hoisted?.name ?? handler.getText(), ...(context ? [context.getText()] : [])].join(', ');
  const remove = `${target.getText()}${access}${leak.removal}(${type.getText()}, ${handlerAndContext})`;
  const wiring = statementAfter(
    statement,
    `${controller.signal}.addEventListener(${quote}abort${quote}, () => ${remove}, ${once})`,
    code,
  );
  return { edits: [...(hoisted?.edits ?? []), wiring], ...(hoisted && { hoistedAs: hoisted.name }) };
}

/** Moves the handler into `const onData = …;` before the registration, which passes the name instead. */
function hoistHandler(
  { handler, type }: EmitterCall,
  statement: ExpressionStatement,
  fileStyle: FileStyle,
): { name: string; edits: TextEdit[] } | { refusal: string } {
  const annotations = parameterAnnotations(handler, fileStyle.code);
  if ('refusal' in annotations) return annotations;
  const text = handler.getSourceFile().getFullText();
  const annotated = splice(handler.getText(), annotations);
  const moved = reindent(annotated, indentationAt(text, handler.getStart()), indentationAt(text, statement.getStart()));
  const name = freeHandlerName(type, fileStyle.takenNames);
  const byName = {
    file: handler.getSourceFile().getFilePath(),
    start: handler.getStart(),
    end: handler.getEnd(),
    text: name,
  };
  return { name, edits: [statementBefore(statement, `const ${name} = ${moved}`, fileStyle.code), byName] };
}

/**
 * In TypeScript, the parameters of an inline function take their types from the call it is passed
 * to; once it stands alone they are written out (`(chunk: any) =>`), as splices of the handler's text.
 */
function parameterAnnotations(handler: Expression, style: CodeStyle): Splice[] | { refusal: string } {
  const fn = skipOuterExpressions(handler);
  if (!style.isTypeScript || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return [];
  const splices: Splice[] = [];
  for (const parameter of fn.getParameters().filter((candidate) => !candidate.getTypeNode())) {
    const type = typeText(parameter);
    if (type.includes('import('))
      return { refusal: `the type of the handler's parameter ${parameter.getName()} cannot be named in this file` };
    const start = parameter.getStart() - handler.getStart();
    const end = (parameter.getQuestionTokenNode() ?? parameter.getNameNode()).getEnd() - handler.getStart();
    const annotated = `${parameter.getText().slice(0, end - start)}: ${type}`;
    splices.push({ start, end, text: lacksParentheses(fn) ? `(${annotated})` : annotated });
  }
  return splices;
}

const lacksParentheses = (fn: ArrowFunction | FunctionExpression): boolean =>
  !fn.getFirstChildByKind(SyntaxKind.OpenParenToken);

/** Moves the continuation lines of code from one indentation to another; code with a template literal is left as it is. */
function reindent(code: string, from: string, to: string): string {
  if (from === to || code.includes('`')) return code;
  return code
    .split('\n')
    .map((line, index) => (index > 0 && line.startsWith(from) ? to + line.slice(from.length) : line))
    .join('\n');
}

/** `onData` for `'data'`, `onUserLogin` for `'user:login'` or `Events.USER_LOGIN`; else `dataListener`, `onData2`, … */
function freeHandlerName(type: Expression, taken: Set<string>): string {
  const literal =
    Node.isStringLiteral(type) || Node.isNoSubstitutionTemplateLiteral(type) ? type.getLiteralValue() : undefined;
  const words = (literal ?? type.getText().split('.').at(-1)!).split(/[^A-Za-z0-9]+/).filter(Boolean);
  const capitalized = words.map(
    (word) => word[0]!.toUpperCase() + (word === word.toUpperCase() ? word.slice(1).toLowerCase() : word.slice(1)),
  );
  const event = capitalized.join('') || 'Event';
  const name = freeName(
    [`on${event}`, `${event[0]!.toLowerCase()}${event.slice(1)}Listener`],
    (suffix) => `on${event}${suffix}`,
    (candidate) => taken.has(candidate),
  );
  taken.add(name);
  return name;
}

/** Inserts a statement on its own line before `statement`, indented like it. */
function statementBefore(statement: Node, code: string, style: CodeStyle): TextEdit {
  const text = statement.getSourceFile().getFullText();
  const at = statement.getStart();
  const line = `${code}${terminator(style, text, at)}${style.eol}${indentationAt(text, at)}`;
  return { file: statement.getSourceFile().getFilePath(), start: at, end: at, text: line };
}

/**
 * Inserts a statement on its own line after `statement`, indented like it: at the end of its line, past
 * a comment or semicolon there, but before a `;` on the next line, which guards the code after it.
 */
function statementAfter(statement: ExpressionStatement, code: string, style: CodeStyle): TextEdit {
  const text = statement.getSourceFile().getFullText();
  const expressionEnd = statement.getExpression().getEnd();
  const lineEnd = lineEndAt(text, expressionEnd);
  const at = /^;?\s*(\/\/.*)?$/.test(text.slice(expressionEnd, lineEnd).trim()) ? lineEnd : statement.getEnd();
  const line = `${style.eol}${indentationAt(text, statement.getStart())}${code}${terminator(style, text, at)}`;
  return { file: statement.getSourceFile().getFilePath(), start: at, end: at, text: line };
}

function fileStyleOf(sourceFile: SourceFile): FileStyle {
  const quotes = sourceFile.getDescendantsOfKind(SyntaxKind.StringLiteral).map((literal) => literal.getText()[0]);
  const doubled = quotes.filter((quote) => quote === '"').length > quotes.filter((quote) => quote === "'").length;
  const takenNames = new Set(
    sourceFile.getDescendantsOfKind(SyntaxKind.Identifier).map((identifier) => identifier.getText()),
  );
  return { code: detectStyle(sourceFile), quote: doubled ? '"' : "'", takenNames };
}
