import { Node, SyntaxKind, type Expression } from 'ts-morph';
import type { TextEdit } from '../finding.js';
import type { Realm } from '../settings.js';
import { freeName } from '../analysis/names.js';
import { fieldDeclarationEdit, methodEdit, statementAtStart } from './insertions.js';
import { targetLifetime } from '../analysis/lifetime.js';
import { booleanOption, listenerCallsIn, signalOption } from '../analysis/listeners.js';
import {
  abortedAtTeardown,
  methodBody,
  placementOf,
  type Lifecycle,
  type OwnerClass,
  type TeardownPlan,
} from '../analysis/owners.js';
import {
  abortControllerConstruction,
  isAbortControllerConstruction,
  type Construction,
  type CreationSite,
} from './realm.js';
import { declarationOf } from '../analysis/scope.js';
import type { CodeStyle } from '../analysis/style.js';

/**
 * An owner's AbortController, wherever it lives (a class field, a Vue component's `data()`): the signal its
 * registrations pass, and the edits that make it and abort it at teardown, shared by every fixed registration.
 */
export interface OwnerController {
  signal: string;
  edits: TextEdit[];
}

/** A class's AbortController field, and the renewal a registering method needs. */
export interface Controller extends OwnerController {
  style: CodeStyle;
  /** Renews an aborted controller at the start of a method; null when the method has no block body. */
  renewalIn(member: Node): TextEdit | null;
}

/**
 * The class's controller, or why the class cannot have one, in words that complete "Not fixed: …".
 * `ownTargets`: targets the caller's fixes serve beyond the class's long-lived DOM ones.
 */
export function controllerFor(
  lifecycle: Lifecycle,
  plan: TeardownPlan,
  style: CodeStyle,
  realm: Realm,
  ownTargets: readonly Expression[] = [],
): Controller | { refusal: string } {
  const renewed = plan.rerunsBecause !== undefined;
  const existing = existingController(lifecycle, renewed);
  const field = existing?.name ?? controllerFieldName(lifecycle.owner, style);
  const access = `this.${field}`;
  const abort = existing ? [] : abortEdits(lifecycle, plan, `${access}.abort()`, style);
  if (!abort) return { refusal: `${plan.teardown}() has no block body to add the abort() call to` };
  const construction = existing
    ? { text: existing.construction }
    : classConstruction(lifecycle.owner, realm, ownTargets);
  if ('refusal' in construction) return construction;

  const modifiers = style.isTypeScript
    ? (field.startsWith('#') ? [] : ['private']).concat(renewed ? [] : ['readonly'])
    : [];
  const declaration = [...modifiers, `${field} = ${construction.text}`].join(' ');
  return {
    signal: `${access}.signal`,
    style,
    edits: existing ? [] : [fieldDeclarationEdit(lifecycle.owner, declaration, style), ...abort],
    renewalIn: (member) => {
      const body = methodBody(member);
      // Renew only an aborted controller: a second open() before close() must not orphan live listeners.
      return body
        ? statementAtStart(body, `if (${access}.signal.aborted) ${access} = ${construction.text}`, style)
        : null;
    },
  };
}

/**
 * How the class's field makes its controller. Under the target realm every long-lived DOM target the
 * class registers on without a signal decides, whichever transform asks, so that their fixes write one
 * identical field: an emitter's fix needs no realm, but must not write a field that differs.
 */
function classConstruction(owner: OwnerClass, realm: Realm, ownTargets: readonly Expression[]): Construction {
  const site: CreationSite = {
    at: owner,
    thisIsInstance: false,
    beforeTargetsExist: true,
    name: "the class's controller field",
  };
  if (realm === 'global') return abortControllerConstruction([], realm, site);
  const domTargets = listenerCallsIn(owner, 'addEventListener')
    .filter(
      (call) =>
        placementOf(call.call)?.owner === owner &&
        !signalOption(call.options) &&
        booleanOption(call.options, 'once') !== true,
    )
    .map((call) => call.target)
    .filter((target) => targetLifetime(target, owner).kind === 'outlives');
  return abortControllerConstruction([...domTargets, ...ownTargets], realm, site);
}

/**
 * A field the class already holds an AbortController in and aborts at teardown: its own, or one an
 * earlier fix pass added. A readonly one cannot be renewed, so it serves only a teardown that ends the instance.
 */
function existingController(
  lifecycle: Lifecycle,
  renewed: boolean,
): { name: string; construction: string } | undefined {
  for (const property of lifecycle.owner.getProperties()) {
    const construction = property.getInitializer()?.getText() ?? '';
    if (!isAbortControllerConstruction(construction) || (renewed && property.isReadonly())) continue;
    if (abortedAtTeardown(lifecycle, `this.${property.getName()}`)) return { name: property.getName(), construction };
  }
  return undefined;
}

/** `abort()` first in the teardown; or the teardown itself, when the class lacks the one its framework calls. */
function abortEdits(lifecycle: Lifecycle, plan: TeardownPlan, abort: string, style: CodeStyle): TextEdit[] | undefined {
  const { missing } = plan;
  if (!missing) {
    const body = methodBody(lifecycle.methods.get(plan.teardown)!);
    return body && [statementAtStart(body, abort, style)];
  }
  const owner = lifecycle.owner;
  const returnsValue = missing.inherited?.returnsValue ?? false;
  const returnType =
    style.isTypeScript && !returnsValue && owner.getMethods().some((method) => method.getReturnTypeNode())
      ? ': void'
      : '';
  const superCall = { none: [], call: [`super.${missing.name}()`], optional: [`super.${missing.name}?.()`] }[
    missing.superCall
  ];
  const inheritedCall = missing.inherited ? [`${returnsValue ? 'return ' : ''}super.${missing.name}()`] : [];
  const statements = [...superCall, abort, ...inheritedCall].map(
    (statement) => `${style.indentUnit}${statement}${style.semicolon}`,
  );
  const overrides = !!missing.inherited || missing.superCall === 'call';
  const modifiers = [
    ...(missing.inherited?.isProtected && style.isTypeScript ? ['protected '] : []),
    ...(overrides && writesOverride(owner, style) ? ['override '] : []),
  ].join('');
  const method = methodEdit(
    owner,
    missing.after,
    [`${modifiers}${missing.name}()${returnType} {`, ...statements, '}'],
    style,
  );
  return [method, ...(missing.name === 'ngOnDestroy' ? implementsOnDestroy(owner) : [])];
}

/** `override` where the project requires it (noImplicitOverride) or the file already writes it. */
function writesOverride(owner: OwnerClass, style: CodeStyle): boolean {
  if (!style.isTypeScript) return false;
  const sourceFile = owner.getSourceFile();
  return (
    sourceFile.getProject().getCompilerOptions().noImplicitOverride === true ||
    sourceFile.getFirstDescendantByKind(SyntaxKind.OverrideKeyword) !== undefined
  );
}

/** `implements OnDestroy`, with its import, when the file already imports from @angular/core. */
function implementsOnDestroy(owner: OwnerClass): TextEdit[] {
  const sourceFile = owner.getSourceFile();
  const core = sourceFile.getImportDeclaration(
    (declaration) => declaration.getModuleSpecifierValue() === '@angular/core',
  );
  if (!core || owner.getImplements().some((clause) => clause.getText() === 'OnDestroy')) return [];
  const file = sourceFile.getFilePath();
  const edits: TextEdit[] = [];
  const named = core.getNamedImports();
  if (!named.some((specifier) => specifier.getName() === 'OnDestroy') && named.length > 0) {
    const last = named.at(-1)!;
    edits.push({ file, start: last.getEnd(), end: last.getEnd(), text: ', OnDestroy' });
  }
  const clauses = owner.getImplements();
  if (clauses.length > 0) {
    edits.push({ file, start: clauses.at(-1)!.getEnd(), end: clauses.at(-1)!.getEnd(), text: ', OnDestroy' });
  } else {
    const openBrace = owner.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken).getStart();
    edits.push({ file, start: openBrace, end: openBrace, text: 'implements OnDestroy ' });
  }
  return edits;
}

/**
 * `abortController`, or a free variant; `#abortController` in files that use private names, and in a
 * class extending another of the project's classes, whose own field of the same name would collide.
 */
function controllerFieldName(owner: OwnerClass, style: CodeStyle): string {
  const extendsProjectClass = extendsOwnCode(owner);
  const prefix = style.usesPrivateNames || extendsProjectClass ? '#' : '';
  const taken = new Set(owner.getMembers().map((member) => (Node.hasName(member) ? member.getName() : '')));
  const name = freeName(
    ['abortController', 'listenersAbortController'],
    (suffix) => `abortController${suffix}`,
    (candidate) => taken.has(prefix + candidate),
  );
  return prefix + name;
}

/**
 * Whether the class extends a class of the project's own code: one declared in the file, or imported
 * by a relative path. Answered from the syntax, as asking the type checker would build the whole program.
 */
function extendsOwnCode(owner: OwnerClass): boolean {
  const base = owner.getExtends()?.getExpression();
  if (!base || !Node.isIdentifier(base)) return false;
  const declaration = declarationOf(base);
  if (Node.isClassDeclaration(declaration)) return !declaration.hasDeclareKeyword();
  const from = declaration?.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
  return !!from && from.startsWith('.');
}
