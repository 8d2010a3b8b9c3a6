import {
  Node,
  SyntaxKind,
  type ArrowFunction,
  type CallExpression,
  type FunctionExpression,
  type MethodDeclaration,
  type NewExpression,
  type ObjectLiteralElementLike,
  type ObjectLiteralExpression,
  type ReturnStatement,
  type SourceFile,
} from 'ts-morph';
import type { Detection, TextEdit } from '../finding.js';
import type { ProjectFacts, VueVersion } from '../project-facts.js';
import type { Driver, RuleContext } from '../rule.js';
import { listenerData } from './listener-messages.js';
import type { OwnerController } from '../fixes/controller.js';
import { freeName } from '../analysis/names.js';
import { isFunction, skipOuterExpressions } from '../analysis/expressions.js';
import { objectMemberAfterEdit, objectMemberBeforeEdit, propertyEdit, statementAtStart } from '../fixes/insertions.js';
import { componentTargetLifetime, isReported } from '../analysis/lifetime.js';
import { componentOwnerStep, listenerStep, retentionThrough, type Retention } from '../analysis/retention.js';
import {
  booleanOption,
  eventTypeLabel,
  listenerCallsIn,
  removes,
  retainsInstance,
  signalOption,
  takesOptions,
  type ListenerCall,
} from '../analysis/listeners.js';
import { abortControllerConstruction, isAbortControllerConstruction } from '../fixes/realm.js';
import { findingAbout } from '../analysis/report.js';
import { declarationOf } from '../analysis/scope.js';
import { signalOptionEdit } from '../fixes/signal-option.js';
import { styleOf, type CodeStyle } from '../analysis/style.js';

const RULE = 'lingering-listener';
const REGISTERING_HOOKS = ['created', 'beforeMount', 'mounted', 'activated'];
/**
 * The unmount hooks each Vue calls, in the order a fix prefers them for the abort. Vue 3 never calls
 * Vue 2's (but in its compat build), nor Vue 2 Vue 3's: a hook of the other version is no teardown.
 */
const UNMOUNT_HOOKS: Record<VueVersion, string[]> = {
  2: ['beforeDestroy', 'destroyed'],
  3: ['beforeUnmount', 'unmounted'],
};
/** Where a removal counts beside the unmount hooks: keep-alive's `deactivated`, the pair of `activated`, in both versions. */
const DEACTIVATED = 'deactivated';
const LIFECYCLE_HOOKS = new Set([
  ...REGISTERING_HOOKS,
  ...UNMOUNT_HOOKS[2],
  ...UNMOUNT_HOOKS[3],
  DEACTIVATED,
  'beforeCreate',
  'beforeUpdate',
  'updated',
  'errorCaptured',
]);
const OPTION_KEYS = new Set([
  'data',
  'methods',
  'computed',
  'props',
  'watch',
  'template',
  'render',
  'components',
  'emits',
  'setup',
]);
/** The options whose keys are members of `this`, beside data's. */
const INSTANCE_OPTIONS = ['props', 'computed', 'methods', 'inject'];
/** Vue's modules, and their subpaths (`vue/types/vnode`, `@vue/runtime-core`). */
const VUE_MODULE = /^(vue|vue-demi|@vue\/[^/]+)(\/.*)?$/;
/**
 * Modules of Vue 2 code that `.extend({…})` follows: the helper that combines mixins (vue-typed-mixins,
 * Vuetify 2's `util/mixins`), or the project's own module that hands Vue on (BootstrapVue's `../vue`).
 */
const VUE2_HELPER_MODULE = /(^|\/)mixins$|^vue-typed-mixins$|\/vue$/;

/**
 * The factories that take a component's options: which argument holds them, and the Vue they belong
 * to. `defineComponent` is Vue 3's and Vue 2.7's alike: the version is then the module's or the
 * package's to tell.
 */
const FACTORIES = new Map<string, { argument: number; version?: VueVersion }>([
  ['defineComponent', { argument: 0 }],
  ['createApp', { argument: 0, version: 3 }],
  ['Vue.extend', { argument: 0, version: 2 }],
  ['Vue.component', { argument: 1, version: 2 }],
  ['new Vue', { argument: 0, version: 2 }],
]);

/** A component (by how one is made) that registers listeners in a hook. */
const mayDetect = (text: string): boolean =>
  text.includes('addEventListener') &&
  /defineComponent|createApp|\bVue\b|export\s+default|\.extend\s*[<(]/.test(text) &&
  /mounted|created|beforeMount|activated/.test(text);

function detect(sourceFile: SourceFile, context: RuleContext): Detection[] {
  if (!context.enabledRules.has(RULE)) return [];
  const styleOfFile = () => styleOf(sourceFile, context.facts);
  return componentsIn(sourceFile).flatMap((component) => findingsIn(component, styleOfFile, context));
}

/** Listeners a Vue options-API component adds in mounted() or created() and never removes when it unmounts. */
export const vueOptionsListeners: Driver = { id: 'vue-options-listeners', mayDetect, detect };

interface Component {
  options: ObjectLiteralExpression;
  /** The Vue its factory belongs to (`Vue.extend` is Vue 2's, `createApp` Vue 3's); absent when the factory does not tell. */
  madeBy?: VueVersion;
}

/** The options objects the file hands to Vue's factories, and the one it default-exports as a component. */
function componentsIn(sourceFile: SourceFile): Component[] {
  const calls = [
    ...sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression),
    ...sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression),
  ];
  const exported = defaultExportedComponent(sourceFile);
  const modules = sourceFile.getImportDeclarations().map((declaration) => declaration.getModuleSpecifierValue());
  const importsVue = modules.some((module) => VUE_MODULE.test(module));
  const mayExtend = importsVue || modules.some((module) => VUE2_HELPER_MODULE.test(module));
  return [...calls.flatMap((call) => componentMadeBy(call, mayExtend)), ...(exported ? [exported] : [])];
}

function componentMadeBy(call: CallExpression | NewExpression, mayExtend: boolean): Component[] {
  const callee = call.getExpression();
  const root = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : callee;
  const factory = FACTORIES.get(Node.isNewExpression(call) ? `new ${callee.getText()}` : callee.getText());
  const options = factory && call.getArguments()[factory.argument];
  const literal = options && skipOuterExpressions(options);
  const from = Node.isIdentifier(root) ? vueModuleOf(root) : undefined;
  if (factory && Node.isObjectLiteralExpression(literal) && from !== undefined) {
    return [{ options: literal, madeBy: versionOfFactory(factory.version, from) }];
  }
  return mayExtend ? extendedComponent(call) : [];
}

/**
 * `<anything>.extend({ … })` in a file that imports from Vue or a Vue 2 helper: a Vue 2 component,
 * as `mixins(Colorable, Themeable).extend({ … })` and `VSheet.extend({ … })` make, when its one
 * argument is options by the test a default export passes. jQuery's `$.extend({ … })` and lodash's
 * `_.extend(target, source)` merge plain objects, without a lifecycle hook beside a component option.
 */
function extendedComponent(call: CallExpression | NewExpression): Component[] {
  const callee = call.getExpression();
  const [argument, ...more] = call.getArguments();
  const isExtend =
    Node.isCallExpression(call) && Node.isPropertyAccessExpression(callee) && callee.getName() === 'extend';
  if (!isExtend || !argument || more.length > 0) return [];
  const options = skipOuterExpressions(argument);
  return Node.isObjectLiteralExpression(options) && looksLikeComponent(options) ? [{ options, madeBy: 2 }] : [];
}

/**
 * The module a name Vue gives comes from: `''` for a global (a script-tag build, auto-imports);
 * undefined for a name that is not Vue's, one of the file's own.
 */
function vueModuleOf(name: Node): string | undefined {
  const declaration = declarationOf(name);
  if (!declaration) return '';
  const from = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
  return from !== undefined && VUE_MODULE.test(from) ? from : undefined;
}

/**
 * The Vue a factory from a module belongs to: @vue/composition-api's are Vue 2's, @vue/runtime-core's
 * Vue 3's; vue-demi gives `createApp` on either version.
 */
function versionOfFactory(version: VueVersion | undefined, module: string): VueVersion | undefined {
  if (module === '@vue/composition-api') return 2;
  if (/^@vue\/runtime-/.test(module)) return 3;
  return module === 'vue-demi' && version === 3 ? undefined : version;
}

/**
 * `export default { … }` in a file that imports from Vue (or in JavaScript, as a .vue file's script
 * is): a component when it has a lifecycle hook and another option only a component has.
 */
function defaultExportedComponent(sourceFile: SourceFile): Component | undefined {
  const isJavaScript = /\.[cm]?jsx?$/.test(sourceFile.getFilePath());
  const importsVue = sourceFile
    .getImportDeclarations()
    .some((declaration) => VUE_MODULE.test(declaration.getModuleSpecifierValue()));
  const exported = sourceFile.getExportAssignment((assignment) => !assignment.isExportEquals())?.getExpression();
  const options = exported && skipOuterExpressions(exported);
  if (!(isJavaScript || importsVue) || !Node.isObjectLiteralExpression(options)) return undefined;
  return looksLikeComponent(options) ? { options } : undefined;
}

/** A lifecycle hook and another option only a component has: a directive's `{ mounted(el) {…} }` has no such option. */
function looksLikeComponent(options: ObjectLiteralExpression): boolean {
  const keys = options.getProperties().map(memberName);
  return keys.some((key) => LIFECYCLE_HOOKS.has(key)) && keys.some((key) => OPTION_KEYS.has(key));
}

const memberName = (member: ObjectLiteralElementLike): string =>
  Node.isPropertyAssignment(member) || Node.isMethodDeclaration(member) || Node.isShorthandPropertyAssignment(member)
    ? member.getName()
    : '';

type OptionFunction = MethodDeclaration | FunctionExpression | ArrowFunction;

/** The function an option holds: `mounted() {…}`, `mounted: function () {…}` or `mounted: () => …`. */
function optionFunction(member: ObjectLiteralElementLike | undefined): OptionFunction | undefined {
  if (Node.isMethodDeclaration(member)) return member;
  const value = Node.isPropertyAssignment(member) ? member.getInitializer() : undefined;
  const fn = value && skipOuterExpressions(value);
  return Node.isFunctionExpression(fn) || Node.isArrowFunction(fn) ? fn : undefined;
}

const optionMember = (options: ObjectLiteralExpression, name: string): ObjectLiteralElementLike | undefined =>
  options.getProperties().find((member) => memberName(member) === name);

/** A registration that outlives the component, and the sentence that says why. */
interface Leak {
  registration: ListenerCall;
  data: Record<string, string>;
  /** Why the shared fix cannot reach this registration. */
  unfixableBecause?: string;
  retention: Retention;
}

/** The Vue a component runs on; when nothing tells (`known` false), Vue 3's hooks, as before Vue 2 is found. */
interface Version {
  major: VueVersion;
  known: boolean;
}

/** The factory's Vue, else the package's; neither telling, Vue 3. */
function versionOf(component: Component, facts: ProjectFacts | undefined): Version {
  const major = component.madeBy ?? facts?.vueMajor(component.options.getSourceFile().getFilePath());
  return major ? { major, known: true } : { major: 3, known: false };
}

/** A removal in an unmount hook of the other Vue, which the component's Vue never calls. */
interface DeadRemoval {
  removal: ListenerCall;
  hook: string;
}

function findingsIn(component: Component, styleOfFile: () => CodeStyle, context: RuleContext): Detection[] {
  const { options } = component;
  const version = versionOf(component, context.facts);
  const removalsIn = (hooks: string[]) =>
    hooks.flatMap((hook) =>
      runsAt(options, hook).flatMap((fn) =>
        listenerCallsIn(fn, 'removeEventListener').map((removal) => ({ removal, hook })),
      ),
    );
  const removalsAtTeardown = removalsIn([...UNMOUNT_HOOKS[version.major], DEACTIVATED]).map(({ removal }) => removal);
  const otherHooks = UNMOUNT_HOOKS[version.major === 2 ? 3 : 2].filter((hook) => optionMember(options, hook));
  const deadRemovals = removalsIn(otherHooks);
  const leaks = REGISTERING_HOOKS.flatMap((name) => {
    const hook = optionFunction(optionMember(options, name));
    // In an arrow function `this` is not the component: such a hook holds no component state.
    if (!hook || Node.isArrowFunction(hook)) return [];
    // A removal in the registering hook itself is the hook's own business, such as Vue 2's `this.$once('hook:beforeDestroy', …)`.
    return leaksIn(
      hook,
      [...removalsAtTeardown, ...listenerCallsIn(hook, 'removeEventListener')],
      version.known ? deadRemovals : [],
      version,
    );
  });
  if (leaks.length === 0) return [];
  const style = styleOfFile();
  const construction = abortControllerConstruction(
    leaks.map((leak) => leak.registration.target),
    context.settings.realm,
    { at: options, thisIsInstance: false, beforeTargetsExist: true, name: "the component's data()" },
  );
  const controller =
    'refusal' in construction ? construction : dataControllerFor(component, version, construction.text, style);
  // Vue 3 is only assumed: a Vue 2 unmount hook in the component may be the one that runs.
  const [vue2Hook] = version.known ? [] : otherHooks;
  const reviewBecause =
    vue2Hook && !('refusal' in controller)
      ? `it also has ${vue2Hook}(), which only Vue 2 calls, and neither its factory nor a package.json tells its Vue version; ` +
        `on Vue 2, ${controller.abortingHook}() never runs and the abort belongs in ${vue2Hook}()`
      : undefined;
  return leaks.map((leak) => toFinding(leak, controller, style, reviewBecause));
}

function leaksIn(
  hook: MethodDeclaration | FunctionExpression,
  removals: ListenerCall[],
  deadRemovals: DeadRemoval[],
  version: Version,
): Leak[] {
  return listenerCallsIn(hook, 'addEventListener').flatMap((registration) => {
    const lifetime = componentTargetLifetime(registration.target, undefined);
    if (
      !isReported(lifetime) ||
      booleanOption(registration.options, 'once') === true ||
      signalOption(registration.options)
    )
      return [];
    // Vue binds `this.onResize` to the instance once, so the same expression at add and remove is the same function.
    if (
      !retainsInstance(registration.handler) ||
      removals.some((removal) => removes(removal, registration)) ||
      !takesOptions(registration)
    )
      return [];
    const dead = deadRemovals.find(({ removal }) => removes(removal, registration));
    const note = dead
      ? `; the removal in ${dead.hook}() never runs, as Vue ${version.major} does not call ${dead.hook}()`
      : '';
    const data = { ...listenerData(registration, lifetime, 'the component'), note };
    const unfixableBecause = isInNestedFunction(registration.call, hook)
      ? 'it is added inside a nested function, where `this` is not the component'
      : undefined;
    const retention = retentionThrough(
      lifetime.kind === 'outlives' ? 'leak' : 'risk',
      lifetime.path,
      listenerStep(eventTypeLabel(registration.type), registration.call),
      componentOwnerStep(undefined, hook),
    );
    return [{ registration, data, unfixableBecause, retention }];
  });
}

/** A `function` between the call and the hook has a `this` of its own; arrow functions keep the hook's. */
function isInNestedFunction(call: Node, hook: Node): boolean {
  return call.getFirstAncestor((node) => isFunction(node) && !Node.isArrowFunction(node)) !== hook;
}

/** The functions that run when a hook does: the hook, and the methods it calls as `this.name()`, transitively. */
function runsAt(options: ObjectLiteralExpression, hookName: string): OptionFunction[] {
  const methodsOption = optionMember(options, 'methods');
  const methods = Node.isPropertyAssignment(methodsOption)
    ? skipOuterExpressions(methodsOption.getInitializerOrThrow())
    : undefined;
  const methodNamed = (name: string) =>
    Node.isObjectLiteralExpression(methods) ? optionFunction(optionMember(methods, name)) : undefined;
  const hook = optionFunction(optionMember(options, hookName));
  const reached = new Set<OptionFunction>();
  for (const pending = hook ? [hook] : []; pending.length > 0; ) {
    const fn = pending.pop()!;
    if (reached.has(fn)) continue;
    reached.add(fn);
    for (const call of fn.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      const method =
        Node.isPropertyAccessExpression(callee) && Node.isThisExpression(callee.getExpression())
          ? methodNamed(callee.getName())
          : undefined;
      if (method) pending.push(method);
    }
  }
  return [...reached];
}

/** The component's controller, an entry of its `data()`, and the unmount hook that aborts it. */
interface DataController extends OwnerController {
  abortingHook: string;
}

function dataControllerFor(
  component: Component,
  version: Version,
  construction: string,
  style: CodeStyle,
): DataController | { refusal: string } {
  const data = dataObject(component.options);
  if ('refusal' in data) return data;
  const existing = data.literal && abortedController(component.options, data.literal, UNMOUNT_HOOKS[version.major]);
  if (existing) return { signal: `this.${existing.name}.signal`, abortingHook: existing.hook, edits: [] };

  const name = controllerName(takenNames(component.options, data.literal));
  const abort = abortEdit(component.options, version.major, `this.${name}.abort()`, style);
  if ('refusal' in abort) return abort;
  const entry = `${name}: ${construction}`;
  const dataEdit = data.literal
    ? propertyEdit(data.literal, entry, style)
    : newDataEdit(component.options, entry, style);
  return { signal: `this.${name}.signal`, abortingHook: abort.hook, edits: [dataEdit, abort.edit] };
}

/** The object literal `data` returns (none without a data option), or why the controller cannot be added to it. */
function dataObject(
  options: ObjectLiteralExpression,
): { literal: ObjectLiteralExpression | undefined } | { refusal: string } {
  const member = optionMember(options, 'data');
  if (!member) return { literal: undefined };
  const fn = optionFunction(member);
  // A declared type, `data(): State`, has no controller: the literal would not take it, nor `this` know it.
  const declared = fn?.getReturnTypeNode();
  const untyped = 'a type with no property for the controller, so adding one would not type-check';
  if (declared) return { refusal: `data() declares its return type, ${declared.getText()}, ${untyped}` };
  const returned = fn && returnedValue(fn);
  const typed = returned && typedAs(returned);
  if (typed) return { refusal: `data() returns its object ${typed}, ${untyped}` };
  const literal = returned && skipOuterExpressions(returned);
  if (!Node.isObjectLiteralExpression(literal)) {
    return {
      refusal: 'its data option is not a function ending in `return { … }`, so the controller has no place in it',
    };
  }
  if (literal.getProperties().some((property) => Node.isSpreadAssignment(property))) {
    return {
      refusal:
        'data() spreads another object into what it returns, which may hold a property of the same name as the controller',
    };
  }
  return { literal };
}

/** What `() => …` returns, or the body's one return, its last statement. */
function returnedValue(fn: OptionFunction): Node | undefined {
  const body = fn.getBody();
  return Node.isBlock(body) ? soleFinalReturn(fn, body.getStatements())?.getExpression() : body;
}

/** The type an `as`, `satisfies` or `<T>` around the returned value gives it. */
function typedAs(value: Node): string | undefined {
  for (let current = value; ; current = current.getExpression()) {
    if (Node.isAsExpression(current) || Node.isSatisfiesExpression(current) || Node.isTypeAssertion(current)) {
      const keyword = Node.isSatisfiesExpression(current) ? 'satisfies' : 'as';
      return `\`${keyword} ${current.getTypeNodeOrThrow().getText()}\``;
    }
    if (!Node.isParenthesizedExpression(current) && !Node.isNonNullExpression(current)) return undefined;
  }
}

function soleFinalReturn(fn: OptionFunction, statements: Node[]): ReturnStatement | undefined {
  const returns = fn
    .getDescendantsOfKind(SyntaxKind.ReturnStatement)
    .filter((statement) => statement.getFirstAncestor(isFunction) === fn);
  const last = statements.at(-1);
  return returns.length === 1 && returns[0] === last ? returns[0] : undefined;
}

/** A controller data() already makes and an unmount hook already aborts (an earlier run's): new registrations share it. */
function abortedController(
  options: ObjectLiteralExpression,
  data: ObjectLiteralExpression,
  unmountHooks: string[],
): { name: string; hook: string } | undefined {
  const controllers = data.getProperties().filter((property) => {
    const value = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
    const made = value && skipOuterExpressions(value);
    return !!made && isAbortControllerConstruction(made.getText());
  });
  for (const hook of unmountHooks) {
    const aborts = runsAt(options, hook).flatMap((fn) =>
      fn.getDescendantsOfKind(SyntaxKind.CallExpression).map((call) => call.getExpression().getText()),
    );
    const aborted = controllers.map(memberName).find((name) => aborts.includes(`this.${name}.abort`));
    if (aborted) return { name: aborted, hook };
  }
  return undefined;
}

/** The names `this` has already: data's, and those of props, computed, methods and inject. */
function takenNames(options: ObjectLiteralExpression, data: ObjectLiteralExpression | undefined): Set<string> {
  const names = new Set(data?.getProperties().map(memberName));
  for (const option of INSTANCE_OPTIONS) {
    const member = optionMember(options, option);
    const value = Node.isPropertyAssignment(member) ? skipOuterExpressions(member.getInitializerOrThrow()) : undefined;
    const keys = Node.isObjectLiteralExpression(value) ? value.getProperties().map(memberName) : [];
    const listed = Node.isArrayLiteralExpression(value)
      ? value.getElements().filter((element) => Node.isStringLiteral(element))
      : [];
    for (const name of [...keys, ...listed.map((element) => element.getLiteralValue())]) names.add(name);
  }
  return names;
}

const controllerName = (taken: Set<string>): string =>
  freeName(
    ['abortController', 'listenersAbortController'],
    (suffix) => `abortController${suffix}`,
    (name) => taken.has(name),
  );

/** `data() { return { abortController: new AbortController() }; },` before the component's first lifecycle hook. */
function newDataEdit(options: ObjectLiteralExpression, entry: string, style: CodeStyle): TextEdit {
  const firstHook = options.getProperties().find((member) => LIFECYCLE_HOOKS.has(memberName(member)))!;
  const returned = `return {${style.objectSpace}${entry}${style.objectSpace}}${style.semicolon}`;
  return objectMemberBeforeEdit(firstHook, ['data() {', `${style.indentUnit}${returned}`, '}'], style);
}

/** `abort()` first in the version's unmount hook, or a new `unmounted()` (`beforeDestroy()` in Vue 2) after the registering hooks. */
function abortEdit(
  options: ObjectLiteralExpression,
  version: VueVersion,
  abort: string,
  style: CodeStyle,
): { edit: TextEdit; hook: string } | { refusal: string } {
  const existing = UNMOUNT_HOOKS[version]
    .filter((name) => optionMember(options, name))
    .map((name) => ({ name, fn: optionFunction(optionMember(options, name)) }));
  const usable = existing.find(({ fn }) => fn && !Node.isArrowFunction(fn));
  const body = usable?.fn?.getBody();
  if (usable && Node.isBlock(body)) return { edit: statementAtStart(body, abort, style), hook: usable.name };
  const [unusable] = existing;
  if (unusable) {
    const why = unusable.fn ? 'an arrow function, where `this` is not the component' : 'not a method';
    return { refusal: `${unusable.name} is ${why}, so it cannot abort a controller the component holds` };
  }
  const hook = version === 2 ? 'beforeDestroy' : 'unmounted';
  const lastRegisteringHook = options
    .getProperties()
    .filter((member) => REGISTERING_HOOKS.includes(memberName(member)))
    .at(-1)!;
  return {
    edit: objectMemberAfterEdit(
      lastRegisteringHook,
      [`${hook}() {`, `${style.indentUnit}${abort}${style.semicolon}`, '}'],
      style,
    ),
    hook,
  };
}

function toFinding(
  leak: Leak,
  controller: DataController | { refusal: string },
  style: CodeStyle,
  reviewBecause?: string,
): Detection {
  const { registration, data, retention } = leak;
  const { fixed, reportOnly } = findingAbout(registration.call, RULE, 'notRemovedAtUnmount', data, retention);
  if (leak.unfixableBecause) return reportOnly(leak.unfixableBecause);
  if ('refusal' in controller) return reportOnly(controller.refusal);
  const options = signalOptionEdit(registration, controller.signal, style);
  if ('refusal' in options) return reportOnly(options.refusal);
  const fix = `register it with an AbortController signal that ${controller.abortingHook}() aborts`;
  return fixed('safe', fix, [...controller.edits, options.edit], reviewBecause);
}
