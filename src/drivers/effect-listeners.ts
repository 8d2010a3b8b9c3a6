import {
  Node,
  SyntaxKind,
  type ArrowFunction,
  type Block,
  type CallExpression,
  type ExpressionStatement,
  type FunctionExpression,
  type SourceFile,
} from 'ts-morph';
import type { Detection, TextEdit } from '../finding.js';
import type { Driver, RuleContext } from '../rule.js';
import type { Realm } from '../settings.js';
import { listenerData } from './listener-messages.js';
import { freeName } from '../analysis/names.js';
import { isFunction, skipOuterExpressions } from '../analysis/expressions.js';
import { statementAtEnd, statementAtStart } from '../fixes/insertions.js';
import { componentTargetLifetime, isReported, type ReportedLifetime } from '../analysis/lifetime.js';
import { componentOwnerStep, listenerStep, retentionThrough, type Retention } from '../analysis/retention.js';
import {
  booleanOption,
  eventTypeLabel,
  handlerKind,
  listenerCallsIn,
  removes,
  retainsComponent,
  sameTargetAndType,
  signalOption,
  type ListenerCall,
} from '../analysis/listeners.js';
import { abortControllerConstruction, type Construction, type CreationSite } from '../fixes/realm.js';
import { findingAbout } from '../analysis/report.js';
import { signalOptionEdit } from '../fixes/signal-option.js';
import { declarationOf } from '../analysis/scope.js';
import { styleOf, indentationAt, type CodeStyle } from '../analysis/style.js';

const RULE = 'lingering-listener';
const EFFECT_HOOKS = new Set(['useEffect', 'useLayoutEffect', 'React.useEffect', 'React.useLayoutEffect']);
const VUE_MOUNT_HOOKS = new Set(['onMounted']);
const VUE_UNMOUNT_HOOKS = new Set(['onUnmounted', 'onBeforeUnmount']);

type EffectCallback = ArrowFunction | FunctionExpression;

const mayDetect = (text: string): boolean => /use(Layout)?Effect|onMounted/.test(text);

function detect(sourceFile: SourceFile, context: RuleContext): Detection[] {
  const styleOfFile = () => styleOf(sourceFile, context.facts);
  const findings = sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression).flatMap((call) => {
    const hook = call.getExpression().getText();
    const callback = call.getArguments()[0];
    const isCallback =
      callback &&
      (Node.isArrowFunction(callback) || Node.isFunctionExpression(callback)) &&
      Node.isBlock(callback.getBody());
    if (!isCallback) return [];
    if (EFFECT_HOOKS.has(hook)) return findingsForEffect(call, callback, styleOfFile, context.settings.realm);
    if (VUE_MOUNT_HOOKS.has(hook) && Node.isExpressionStatement(call.getParent()))
      return findingsForMountHook(call, callback, styleOfFile, context.settings.realm);
    return [];
  });
  return findings.filter((finding) => context.enabledRules.has(finding.rule));
}

/** Listeners a React effect or a Vue `onMounted` hook adds on long-lived targets without a cleanup that removes them. */
export const effectListeners: Driver = { id: 'effect-listeners', mayDetect, detect };

/** A registration that outlives its component, and the sentence that says why. */
interface Leak {
  registration: ListenerCall;
  rule: 'lingering-listener' | 'unremovable-listener';
  messageId: string;
  data: Record<string, string>;
  retention: Retention;
}

function findingsForEffect(
  effect: CallExpression,
  callback: EffectCallback,
  styleOfFile: () => CodeStyle,
  realm: Realm,
): Detection[] {
  const cleanup = cleanupOf(callback);
  const component = effect.getFirstAncestor(
    (node) => Node.isFunctionDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node),
  );
  const hook = effect.getExpression().getText();
  const returned = returnedCleanups(callback);
  const leaks: Leak[] = [];
  for (const registration of listenerCallsIn(callback, 'addEventListener')) {
    const lifetime = componentTargetLifetime(registration.target, component);
    if (!isReported(lifetime) || booleanOption(registration.options, 'once') === true) continue;
    if (signalOption(registration.options) || returned.functions.some((fn) => removesIn(fn, registration))) continue;
    if (component && !retainsComponent(registration.handler, component)) continue;
    const note = returned.unreadable ? `; it also returns a cleanup unleak cannot read, which may remove it` : '';
    const inline = removesAnotherFunction(registration, returned.functions);
    const data = { ...listenerData(registration, lifetime, 'the component'), hook, note };
    const retention = componentRetention(
      returned.unreadable ? { ...lifetime, kind: 'risk' } : lifetime,
      registration,
      component,
    );
    leaks.push(
      inline
        ? { registration, rule: 'unremovable-listener', messageId: 'inlineHandlerInCleanup', data, retention }
        : { registration, rule: RULE, messageId: 'notRemovedByCleanup', data, retention },
    );
  }
  // One controller for the effect, first in its body, made where every leak's target can be seen.
  const construction = controllerConstruction(leaks, realm, {
    at: callback.getBody(),
    name: 'the start of the effect',
  });
  return leaks.map((leak) => toFinding(leak, callback, cleanup, hook, construction, styleOfFile()));
}

const componentRetention = (
  lifetime: ReportedLifetime,
  registration: ListenerCall,
  component: Node | undefined,
): Retention =>
  retentionThrough(
    lifetime.kind === 'outlives' ? 'leak' : 'risk',
    lifetime.path,
    listenerStep(eventTypeLabel(registration.type), registration.call),
    componentOwnerStep(component, registration.call),
  );

const controllerConstruction = (
  leaks: Leak[],
  realm: Realm,
  site: Omit<CreationSite, 'thisIsInstance'>,
): Construction =>
  abortControllerConstruction(
    leaks.map((leak) => leak.registration.target),
    realm,
    { ...site, thisIsInstance: false },
  );

/** The cleanup an effect returns: its final `return () => …`, or a reason it cannot be told. */
type Cleanup = { kind: 'none' } | { kind: 'function'; fn: EffectCallback } | { kind: 'unknown'; why: string };

function cleanupOf(callback: EffectCallback): Cleanup {
  const body = callback.getBody() as Block;
  const returns = body
    .getDescendantsOfKind(SyntaxKind.ReturnStatement)
    .filter((statement) => statement.getFirstAncestor(isFunction) === callback && statement.getExpression());
  if (returns.length === 0) return { kind: 'none' };
  const last = body.getStatements().at(-1);
  const value =
    returns.length === 1 && returns[0] === last ? skipOuterExpressions(returns[0]!.getExpression()!) : undefined;
  if (value && (Node.isArrowFunction(value) || Node.isFunctionExpression(value)))
    return { kind: 'function', fn: value };
  return {
    kind: 'unknown',
    why: 'the effect returns its cleanup in a way unleak does not rewrite (early, or by name)',
  };
}

/** A removal in the cleanup with the same target, type, handler and capture; a registration passing a signal is its own business. */
function isCleanedUp(registration: ListenerCall, cleanup: Cleanup): boolean {
  if (signalOption(registration.options)) return true;
  return cleanup.kind === 'function' && removesIn(cleanup.fn, registration);
}

/** A cleanup removes the same target's same event, but the registration's handler is an inline function no removal matches. */
const removesAnotherFunction = (registration: ListenerCall, cleanups: Node[]): boolean =>
  handlerKind(registration.handler) === 'inline' &&
  cleanups.some((cleanup) =>
    listenerCallsIn(cleanup, 'removeEventListener').some((removal) => sameTargetAndType(removal, registration)),
  );

const removesIn = (cleanup: Node, registration: ListenerCall): boolean =>
  listenerCallsIn(cleanup, 'removeEventListener').some((removal) => removes(removal, registration));

/**
 * Every function the effect may return as its cleanup, wherever it returns (inside an `if` too),
 * written inline or named (`return cleanup` for a local function). `unreadable` when some return
 * hands back what unleak cannot follow (a helper's result), which may remove the listener.
 */
function returnedCleanups(callback: EffectCallback): { functions: Node[]; unreadable: boolean } {
  const functions: Node[] = [];
  let unreadable = false;
  for (const statement of callback.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
    const value = statement.getExpression();
    if (!value || statement.getFirstAncestor(isFunction) !== callback) continue;
    const fn = functionValue(skipOuterExpressions(value));
    if (fn) functions.push(fn);
    else unreadable = true;
  }
  return { functions, unreadable };
}

function functionValue(value: Node): Node | undefined {
  if (Node.isArrowFunction(value) || Node.isFunctionExpression(value)) return value;
  if (!Node.isIdentifier(value)) return undefined;
  const declaration = declarationOf(value);
  if (declaration && Node.isFunctionDeclaration(declaration)) return declaration;
  const initializer = declaration && Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
  return initializer && (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer))
    ? initializer
    : undefined;
}

function toFinding(
  { registration, rule, messageId, data, retention }: Leak,
  callback: EffectCallback,
  cleanup: Cleanup,
  hook: string,
  construction: Construction,
  style: CodeStyle,
): Detection {
  const { fixed, reportOnly } = findingAbout(registration.call, rule, messageId, data, retention);
  if (cleanup.kind === 'unknown') return reportOnly(cleanup.why);
  if ('refusal' in construction) return reportOnly(construction.refusal);

  const body = callback.getBody() as Block;
  const controller = controllerNameIn(callback);
  const options = signalOptionEdit(registration, `${controller}.signal`, style);
  if ('refusal' in options) return reportOnly(options.refusal);
  const abort =
    cleanup.kind === 'none'
      ? statementAtEnd(body, `return () => ${controller}.abort()`, style)
      : abortInCleanup(cleanup.fn, `${controller}.abort()`, style);
  const declaration = statementAtStart(body, `const ${controller} = ${construction.text}`, style);
  const aborter = cleanup.kind === 'none' ? `a cleanup the fix adds to the ${hook}` : `the ${hook} cleanup`;
  return fixed('safe', `register it with an AbortController signal that ${aborter} aborts`, [
    declaration,
    options.edit,
    abort,
  ]);
}

/** `controller.abort()` first in the cleanup; an expression body becomes a block that keeps it. */
function abortInCleanup(cleanup: EffectCallback, abort: string, style: CodeStyle): TextEdit {
  const body = cleanup.getBody()!;
  if (Node.isBlock(body)) return statementAtStart(body, abort, style);
  const text = cleanup.getSourceFile().getFullText();
  const indent = indentationAt(text, cleanup.getStart());
  const inner = indent + style.indentUnit;
  const block = `{${style.eol}${inner}${abort}${style.semicolon}${style.eol}${inner}${body.getText()}${style.semicolon}${style.eol}${indent}}`;
  return { file: cleanup.getSourceFile().getFilePath(), start: body.getStart(), end: body.getEnd(), text: block };
}

/** A name for the controller that no identifier in the scope uses. */
function controllerNameIn(scope: Node): string {
  const used = new Set(scope.getDescendantsOfKind(SyntaxKind.Identifier).map((identifier) => identifier.getText()));
  return freeName(
    ['controller', 'abortController', 'listenersController'],
    (suffix) => `controller${suffix}`,
    (name) => used.has(name),
  );
}

/**
 * Vue's composition API: `onMounted(() => …)` registers, and an `onUnmounted`/`onBeforeUnmount`
 * beside it in the same setup scope is the cleanup. The fix declares the controller before
 * `onMounted` and aborts it in the unmount hook, adding one (and its import) when there is none.
 */
function findingsForMountHook(
  mount: CallExpression,
  callback: EffectCallback,
  styleOfFile: () => CodeStyle,
  realm: Realm,
): Detection[] {
  const scope = mount.getParentOrThrow().getParentOrThrow();
  const hookCalls = (names: Set<string>) =>
    scope
      .getChildrenOfKind(SyntaxKind.ExpressionStatement)
      .filter(
        (sibling) =>
          Node.isCallExpression(sibling.getExpression()) &&
          names.has((sibling.getExpression() as CallExpression).getExpression().getText()),
      );
  const unmountHooks = hookCalls(VUE_UNMOUNT_HOOKS)
    .map(hookCallback)
    .filter((fn) => fn !== undefined);
  // One controller per setup scope, however many onMounted hooks it has: declared before the first, aborted after the last.
  const mounts = hookCalls(VUE_MOUNT_HOOKS);
  const component = mount.getFirstAncestor(isFunction);
  const leaksIn = (hook: EffectCallback): Leak[] =>
    listenerCallsIn(hook, 'addEventListener').flatMap((registration) => {
      const lifetime = componentTargetLifetime(registration.target, component);
      if (!isReported(lifetime) || booleanOption(registration.options, 'once') === true) return [];
      if (unmountHooks.some((fn) => isCleanedUp(registration, { kind: 'function', fn }))) return [];
      return [
        {
          registration,
          rule: RULE,
          messageId: 'notRemovedAtUnmount',
          data: { ...listenerData(registration, lifetime, 'the component'), note: '' },
          retention: componentRetention(lifetime, registration, component),
        },
      ];
    });
  // The scope's one controller serves every onMounted hook, so all their targets decide how it is made.
  const allLeaks = mounts.map(hookCallback).flatMap((hook) => (hook ? leaksIn(hook) : []));
  const construction = controllerConstruction(allLeaks, realm, {
    at: mounts[0]!,
    name: 'the setup scope, which runs before the component is mounted,',
    beforeTargetsExist: true,
  });
  return leaksIn(callback).map((leak) => mountHookFinding(leak, mounts, unmountHooks[0], construction, styleOfFile()));
}

/** The function a hook statement such as `onMounted(() => …)` passes. */
function hookCallback(statement: ExpressionStatement): EffectCallback | undefined {
  const fn = (statement.getExpression() as CallExpression).getArguments()[0];
  return fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) ? fn : undefined;
}

function mountHookFinding(
  { registration, messageId, data, retention }: Leak,
  mounts: ExpressionStatement[],
  unmountHook: EffectCallback | undefined,
  construction: Construction,
  style: CodeStyle,
): Detection {
  const { fixed, reportOnly } = findingAbout(registration.call, RULE, messageId, data, retention);
  const [mountStatement, lastMount] = [mounts[0]!, mounts.at(-1)!];
  const controller = controllerNameIn(mountStatement.getParentOrThrow());
  if ('refusal' in construction) return reportOnly(construction.refusal);
  const options = signalOptionEdit(registration, `${controller}.signal`, style);
  if ('refusal' in options) return reportOnly(options.refusal);
  const sourceFile = mountStatement.getSourceFile();
  const importEdits = unmountHook ? [] : importFromVue(sourceFile, 'onUnmounted');
  if (!importEdits) return reportOnly("there is no import from 'vue' to add onUnmounted to");
  const text = sourceFile.getFullText();
  const file = sourceFile.getFilePath();
  const indent = indentationAt(text, mountStatement.getStart());
  const lineStart = mountStatement.getStart() - indent.length;
  const declaration = {
    file,
    start: lineStart,
    end: lineStart,
    text: `${indent}const ${controller} = ${construction.text}${style.semicolon}${style.eol}`,
  };
  const abort = unmountHook
    ? abortInCleanup(unmountHook, `${controller}.abort()`, style)
    : [
        {
          file,
          start: lastMount.getEnd(),
          end: lastMount.getEnd(),
          text: `${style.eol}${indent}onUnmounted(() => ${controller}.abort())${style.semicolon}`,
        },
        ...importEdits,
      ];
  const aborter = unmountHook ? 'the unmount hook' : 'a new onUnmounted hook';
  return fixed('safe', `register it with an AbortController signal that ${aborter} aborts`, [
    declaration,
    options.edit,
    ...[abort].flat(),
  ]);
}

/** Adds a named import to the file's `import { … } from 'vue'`: none needed, the edit, or undefined when there is no such import. */
function importFromVue(sourceFile: SourceFile, name: string): TextEdit[] | undefined {
  const vue = sourceFile.getImportDeclaration((declaration) => declaration.getModuleSpecifierValue() === 'vue');
  const named = vue?.getNamedImports() ?? [];
  if (named.some((specifier) => specifier.getName() === name)) return [];
  const last = named.at(-1);
  return last && [{ file: sourceFile.getFilePath(), start: last.getEnd(), end: last.getEnd(), text: `, ${name}` }];
}
