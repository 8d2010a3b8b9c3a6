import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
import type { Finding, TextEdit } from '../finding.js';
import type { Realm, Transform, TransformContext, TransformMeta } from '../transform.js';
import { isFunction, skipOuterExpressions } from '../analysis/expressions.js';
import { objectMemberAfterEdit, objectMemberBeforeEdit, propertyEdit, statementAtStart } from '../analysis/insertions.js';
import { componentTargetLifetime } from '../analysis/lifetime.js';
import {
  booleanOption,
  eventTypeLabel,
  listenerCallsIn,
  removesExactly,
  retainsInstance,
  signalOption,
  takesOptions,
  type ListenerCall,
} from '../analysis/listeners.js';
import { abortControllerConstruction, isAbortControllerConstruction } from '../analysis/realm.js';
import { findingAbout } from '../analysis/report.js';
import { declarationOf } from '../analysis/scope.js';
import { signalOptionEdit } from '../analysis/signal-option.js';
import { detectStyle, type CodeStyle } from '../analysis/style.js';

export const meta: TransformMeta = {
  id: 'vue-options-listeners',
  description:
    'Listeners a Vue options-API component adds in mounted() or created() on long-lived targets and never removes when it unmounts → an AbortController in data() that the unmount hook aborts.',
  docs: 'README.md#vue-options-listeners',
  rules: [{ id: 'lingering-listener', description: 'A listener on a target that outlives its owner is never removed in the teardown.' }],
};

const RULE = 'lingering-listener';
const REGISTERING_HOOKS = ['created', 'beforeMount', 'mounted', 'activated'];
/** In the order a fix prefers them for the abort: Vue 3's, then Vue 2's. */
const UNMOUNT_HOOKS = ['beforeUnmount', 'unmounted', 'beforeDestroy', 'destroyed'];
/** Where a removal counts: the unmount hooks, and keep-alive's `deactivated`, the pair of `activated`. */
const REMOVING_HOOKS = [...UNMOUNT_HOOKS, 'deactivated'];
const LIFECYCLE_HOOKS = new Set([...REGISTERING_HOOKS, ...REMOVING_HOOKS, 'beforeCreate', 'beforeUpdate', 'updated', 'errorCaptured']);
const OPTION_KEYS = new Set(['data', 'methods', 'computed', 'props', 'watch', 'template', 'render', 'components', 'emits', 'setup']);
/** The options whose keys are members of `this`, beside data's. */
const INSTANCE_OPTIONS = ['props', 'computed', 'methods', 'inject'];
const VUE_MODULE = /^(vue|vue-demi|@vue\/.+)$/;

/** The factories that take a component's options: which argument holds them, and whether the API is Vue 2's. */
const FACTORIES = new Map([
  ['defineComponent', { argument: 0, vue2: false }],
  ['createApp', { argument: 0, vue2: false }],
  ['Vue.extend', { argument: 0, vue2: true }],
  ['Vue.component', { argument: 1, vue2: true }],
  ['new Vue', { argument: 0, vue2: true }],
]);

export function detect(sourceFile: SourceFile, context: TransformContext): Finding[] {
  const text = sourceFile.getFullText();
  const mayHaveComponent = /defineComponent|createApp|\bVue\b|export\s+default/.test(text) && /mounted|created|beforeMount|activated/.test(text);
  if (!context.enabledRules.has(RULE) || !text.includes('addEventListener') || !mayHaveComponent) return [];
  let style: CodeStyle | undefined;
  const styleOfFile = () => (style ??= detectStyle(sourceFile));
  return componentsIn(sourceFile).flatMap((component) => findingsIn(component, styleOfFile, context.settings.realm));
}

export const transform: Transform = { meta, detect };

interface Component {
  options: ObjectLiteralExpression;
  /** Made by a Vue 2 API: `Vue.extend`, `Vue.component`, `new Vue`. */
  madeByVue2: boolean;
}

/** The options objects the file hands to Vue's factories, and the one it default-exports as a component. */
function componentsIn(sourceFile: SourceFile): Component[] {
  const calls = [...sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression), ...sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression)];
  const exported = defaultExportedComponent(sourceFile);
  return [...calls.flatMap(componentMadeBy), ...(exported ? [exported] : [])];
}

function componentMadeBy(call: CallExpression | NewExpression): Component[] {
  const callee = call.getExpression();
  const root = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : callee;
  const factory = FACTORIES.get(Node.isNewExpression(call) ? `new ${callee.getText()}` : callee.getText());
  const options = factory && call.getArguments()[factory.argument];
  const literal = options && skipOuterExpressions(options);
  if (!factory || !Node.isObjectLiteralExpression(literal) || !isVueName(root)) return [];
  return [{ options: literal, madeByVue2: factory.vue2 }];
}

/** A name Vue gives: imported from Vue, or a global (a script-tag build, auto-imports); not one of the file's own. */
function isVueName(name: Node): boolean {
  if (!Node.isIdentifier(name)) return false;
  const declaration = declarationOf(name);
  const from = declaration?.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
  return !declaration || (!!from && VUE_MODULE.test(from));
}

/**
 * `export default { … }` in a file that imports from Vue (or in JavaScript, as a .vue file's script
 * is): a component when it has a lifecycle hook and another option only a component has. A
 * directive's `{ mounted(el) {…} }` has no such option.
 */
function defaultExportedComponent(sourceFile: SourceFile): Component | undefined {
  const isJavaScript = /\.[cm]?jsx?$/.test(sourceFile.getFilePath());
  const importsVue = sourceFile.getImportDeclarations().some((declaration) => VUE_MODULE.test(declaration.getModuleSpecifierValue()));
  const exported = sourceFile.getExportAssignment((assignment) => !assignment.isExportEquals())?.getExpression();
  const options = exported && skipOuterExpressions(exported);
  if (!(isJavaScript || importsVue) || !Node.isObjectLiteralExpression(options)) return undefined;
  const keys = options.getProperties().map(memberName);
  const isComponent = keys.some((key) => LIFECYCLE_HOOKS.has(key)) && keys.some((key) => OPTION_KEYS.has(key));
  return isComponent ? { options, madeByVue2: false } : undefined;
}

const memberName = (member: ObjectLiteralElementLike): string =>
  Node.isPropertyAssignment(member) || Node.isMethodDeclaration(member) || Node.isShorthandPropertyAssignment(member) ? member.getName() : '';

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
  problem: string;
  /** Why the shared fix cannot reach this registration. */
  unfixableBecause?: string;
}

function findingsIn(component: Component, styleOfFile: () => CodeStyle, realm: Realm): Finding[] {
  const removalsAtTeardown = REMOVING_HOOKS.flatMap((hook) => runsAt(component.options, hook)).flatMap((fn) => listenerCallsIn(fn, 'removeEventListener'));
  const leaks = REGISTERING_HOOKS.flatMap((name) => {
    const hook = optionFunction(optionMember(component.options, name));
    // In an arrow function `this` is not the component: such a hook holds no component state.
    if (!hook || Node.isArrowFunction(hook)) return [];
    // A removal in the registering hook itself is the hook's own business, such as Vue 2's `this.$once('hook:beforeDestroy', …)`.
    return leaksIn(hook, [...removalsAtTeardown, ...listenerCallsIn(hook, 'removeEventListener')]);
  });
  if (leaks.length === 0) return [];
  const style = styleOfFile();
  const construction = abortControllerConstruction(
    leaks.map((leak) => leak.registration.target),
    realm,
    { at: component.options, thisIsInstance: false, name: "the component's data()" },
  );
  const controller = 'refusal' in construction ? construction : controllerFor(component, construction.text, style);
  return leaks.map((leak) => toFinding(leak, controller, style));
}

function leaksIn(hook: MethodDeclaration | FunctionExpression, removals: ListenerCall[]): Leak[] {
  return listenerCallsIn(hook, 'addEventListener').flatMap((registration) => {
    const lifetime = componentTargetLifetime(registration.target, undefined);
    if (lifetime.kind !== 'outlives' || booleanOption(registration.options, 'once') === true || signalOption(registration.options)) return [];
    // Vue binds `this.onResize` to the instance once, so the same expression at add and remove is the same function.
    if (!retainsInstance(registration.handler) || removals.some((removal) => removesExactly(removal, registration)) || !takesOptions(registration)) return [];
    const target = registration.target.getText();
    const problem = `${eventTypeLabel(registration.type)} listener on ${target} is never removed when the component unmounts; ${target} ${lifetime.reason}, and it keeps the component's state alive`;
    const unfixableBecause = isInNestedFunction(registration.call, hook) ? 'it is added inside a nested function, where `this` is not the component' : undefined;
    return [{ registration, problem, unfixableBecause }];
  });
}

/** A `function` between the call and the hook has a `this` of its own; arrow functions keep the hook's. */
function isInNestedFunction(call: Node, hook: Node): boolean {
  return call.getFirstAncestor((node) => isFunction(node) && !Node.isArrowFunction(node)) !== hook;
}


/** The functions that run when a hook does: the hook, and the methods it calls as `this.name()`, transitively. */
function runsAt(options: ObjectLiteralExpression, hookName: string): OptionFunction[] {
  const methodsOption = optionMember(options, 'methods');
  const methods = Node.isPropertyAssignment(methodsOption) ? skipOuterExpressions(methodsOption.getInitializerOrThrow()) : undefined;
  const methodNamed = (name: string) => (Node.isObjectLiteralExpression(methods) ? optionFunction(optionMember(methods, name)) : undefined);
  const hook = optionFunction(optionMember(options, hookName));
  const reached = new Set<OptionFunction>();
  for (const pending = hook ? [hook] : []; pending.length > 0; ) {
    const fn = pending.pop()!;
    if (reached.has(fn)) continue;
    reached.add(fn);
    for (const call of fn.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      const method = Node.isPropertyAccessExpression(callee) && Node.isThisExpression(callee.getExpression()) ? methodNamed(callee.getName()) : undefined;
      if (method) pending.push(method);
    }
  }
  return [...reached];
}

/** The part every fix in one component shares: where its signal comes from, and the edits that make and abort the controller. */
type Controller = { signal: string; abortingHook: string; edits: TextEdit[] } | { refusal: string };

function controllerFor(component: Component, construction: string, style: CodeStyle): Controller {
  const data = dataObject(component.options);
  if ('refusal' in data) return data;
  const existing = data.literal && abortedController(component.options, data.literal);
  if (existing) return { signal: `this.${existing.name}.signal`, abortingHook: existing.hook, edits: [] };

  const name = controllerName(takenNames(component.options, data.literal));
  const abort = abortEdit(component, `this.${name}.abort()`, style);
  if ('refusal' in abort) return abort;
  const entry = `${name}: ${construction}`;
  const dataEdit = data.literal ? propertyEdit(data.literal, entry, style) : newDataEdit(component.options, entry, style);
  return { signal: `this.${name}.signal`, abortingHook: abort.hook, edits: [dataEdit, abort.edit] };
}

/** The object literal `data` returns (none without a data option), or why the controller cannot be added to it. */
function dataObject(options: ObjectLiteralExpression): { literal: ObjectLiteralExpression | undefined } | { refusal: string } {
  const member = optionMember(options, 'data');
  if (!member) return { literal: undefined };
  const fn = optionFunction(member);
  const literal = fn && returnedObject(fn);
  if (!literal) return { refusal: 'its data option is not a function ending in `return { … }`, so the controller has no place in it' };
  if (literal.getProperties().some((property) => Node.isSpreadAssignment(property))) {
    return { refusal: 'data() spreads another object into what it returns, which may hold a property of the same name as the controller' };
  }
  return { literal };
}

/** `() => ({…})`, or a body whose one return, its last statement, returns an object literal. */
function returnedObject(fn: OptionFunction): ObjectLiteralExpression | undefined {
  const body = fn.getBody();
  const value = Node.isBlock(body) ? soleFinalReturn(fn, body.getStatements())?.getExpression() : body;
  const literal = value && skipOuterExpressions(value);
  return Node.isObjectLiteralExpression(literal) ? literal : undefined;
}

function soleFinalReturn(fn: OptionFunction, statements: Node[]): ReturnStatement | undefined {
  const returns = fn.getDescendantsOfKind(SyntaxKind.ReturnStatement).filter((statement) => statement.getFirstAncestor(isFunction) === fn);
  const last = statements.at(-1);
  return returns.length === 1 && returns[0] === last ? returns[0] : undefined;
}

/** A controller data() already makes and an unmount hook already aborts (an earlier run's): new registrations share it. */
function abortedController(options: ObjectLiteralExpression, data: ObjectLiteralExpression): { name: string; hook: string } | undefined {
  const controllers = data.getProperties().filter((property) => {
    const value = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
    const made = value && skipOuterExpressions(value);
    return !!made && isAbortControllerConstruction(made.getText());
  });
  for (const hook of UNMOUNT_HOOKS) {
    const aborts = runsAt(options, hook).flatMap((fn) => fn.getDescendantsOfKind(SyntaxKind.CallExpression).map((call) => call.getExpression().getText()));
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
    const listed = Node.isArrayLiteralExpression(value) ? value.getElements().filter((element) => Node.isStringLiteral(element)) : [];
    for (const name of [...keys, ...listed.map((element) => element.getLiteralValue())]) names.add(name);
  }
  return names;
}

function controllerName(taken: Set<string>): string {
  let name = ['abortController', 'listenersAbortController'].find((candidate) => !taken.has(candidate)) ?? 'abortController2';
  for (let suffix = 3; taken.has(name); suffix++) name = `abortController${suffix}`;
  return name;
}

/** `data() { return { abortController: new AbortController() }; },` before the component's first lifecycle hook. */
function newDataEdit(options: ObjectLiteralExpression, entry: string, style: CodeStyle): TextEdit {
  const firstHook = options.getProperties().find((member) => LIFECYCLE_HOOKS.has(memberName(member)))!;
  const returned = `return {${style.objectSpace}${entry}${style.objectSpace}}${style.semicolon}`;
  return objectMemberBeforeEdit(firstHook, ['data() {', `${style.indentUnit}${returned}`, '}'], style);
}

/** `abort()` first in the unmount hook, or a new `unmounted()` (`beforeDestroy()` in Vue 2) after the registering hooks. */
function abortEdit(component: Component, abort: string, style: CodeStyle): { edit: TextEdit; hook: string } | { refusal: string } {
  const { options } = component;
  const existing = UNMOUNT_HOOKS.filter((name) => optionMember(options, name)).map((name) => ({ name, fn: optionFunction(optionMember(options, name)) }));
  const usable = existing.find(({ fn }) => fn && !Node.isArrowFunction(fn));
  const body = usable?.fn?.getBody();
  if (usable && Node.isBlock(body)) return { edit: statementAtStart(body, abort, style), hook: usable.name };
  const [unusable] = existing;
  if (unusable) {
    const why = unusable.fn ? 'an arrow function, where `this` is not the component' : 'not a method';
    return { refusal: `${unusable.name} is ${why}, so it cannot abort a controller the component holds` };
  }
  const hook = component.madeByVue2 || dependsOnVue2(options.getSourceFile().getFilePath()) ? 'beforeDestroy' : 'unmounted';
  const lastRegisteringHook = options.getProperties().filter((member) => REGISTERING_HOOKS.includes(memberName(member))).at(-1)!;
  return { edit: objectMemberAfterEdit(lastRegisteringHook, [`${hook}() {`, `${style.indentUnit}${abort}${style.semicolon}`, '}'], style), hook };
}

/** Whether the nearest package.json above the file depends on Vue 2 (`^2.7.16`, `~2.6.0`, `2.x`). */
function dependsOnVue2(file: string): boolean {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) return /^\s*[\^~]?2(\D|$)/.test(vueRange(manifest) ?? '');
    if (path.dirname(dir) === dir) return false;
  }
}

function vueRange(manifest: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    const range = json.dependencies?.vue ?? json.devDependencies?.vue ?? json.peerDependencies?.vue;
    return typeof range === 'string' ? range : undefined;
  } catch {
    return undefined;
  }
}

function toFinding(leak: Leak, controller: Controller, style: CodeStyle): Finding {
  const { registration, problem } = leak;
  const { fixed, reportOnly } = findingAbout(registration.call, RULE, problem);
  if (leak.unfixableBecause) return reportOnly(leak.unfixableBecause);
  if ('refusal' in controller) return reportOnly(controller.refusal);
  const options = signalOptionEdit(registration, controller.signal, style);
  if ('refusal' in options) return reportOnly(options.refusal);
  return fixed('safe', `register it with an AbortController signal that ${controller.abortingHook}() aborts`, [...controller.edits, options.edit]);
}
