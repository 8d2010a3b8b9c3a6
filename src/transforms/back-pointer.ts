import {
  Node,
  SyntaxKind,
  ts,
  type ClassDeclaration,
  type Expression,
  type ParameterDeclaration,
  type Project,
  type PropertyAccessExpression,
  type PropertyDeclaration,
  type SourceFile,
} from 'ts-morph';
import type { Detection, RetentionStep, TextEdit } from '../finding.js';
import type { Rule, RuleContext, RuleMeta } from '../rule.js';
import type { Settings } from '../settings.js';
import { isFunction, skipOuterExpressions, thisAssignments } from '../analysis/expressions.js';
import { declarationOf, usesOf } from '../analysis/scope.js';
import { membersEdit, statementAtStart } from '../fixes/insertions.js';
import { locationOf } from '../analysis/location.js';
import { findingAbout } from '../analysis/report.js';
import { lifecycleOf } from '../analysis/owners.js';
import { isReadOnlyScratch } from '../analysis/scratch.js';
import { isTestFile } from '../analysis/test-files.js';
import { baseClassOf } from '../analysis/modules.js';
import {
  copySites,
  creationsNamed,
  deletionsOf,
  fieldsHandedIn,
  filledHolders,
  perProject,
  propertyAccessesNamed,
  storesThisAs,
  subclassesOf,
  type PerProject,
} from '../analysis/project-index.js';
import { classOwnerStep, stepAt, type Retention } from '../analysis/retention.js';
import { styleOf, indentationAt, type CodeStyle } from '../analysis/style.js';
import { classesImplementing, instanceProperties, OwnershipGraph } from '../analysis/ownership.js';
import {
  accessesDeclaration,
  contextRejectsUndefined,
  heldClassesOf,
  holdsNoInstance,
  instanceClassAt,
  instanceClassOf,
  isUntyped,
  libDeclaresWeakRef,
  propertiesAmong,
  referencedClassOf,
  type Absence,
} from '../analysis/types.js';

/** A property of `child` that points back at `owner`, which holds the child (directly or through others). */
interface BackPointer {
  child: ClassDeclaration;
  name: string;
  /** The field or constructor parameter property; absent for plain JavaScript fields set in the constructor. */
  declaration: PropertyDeclaration | ParameterDeclaration | undefined;
  owner: ClassDeclaration;
  absence: Absence;
  /** `Tree.nodes → Node.tree`. */
  cycle: string[];
}

const RULE = 'back-pointer';

export const meta: RuleMeta = {
  id: RULE,
  description: 'A child keeps its owner strongly while something long-lived holds the child.',
  docs: 'docs/rules/back-pointer.md',
  messages: {
    backPointer:
      '{{child}}.{{field}} points back at the {{owner}} that holds it ({{cycle}}): whatever keeps one {{child}} alive ' +
      'keeps its {{owner}} and everything the {{owner}} holds. {{evidence}}',
  },
  fix: 'review',
  defaultOn: true,
  settings: ['libReference', 'includeRisks'],
};

/** How many levels of subclasses are followed, up or down a hierarchy. */
const MAX_CLASS_DEPTH = 8;

/** A back-pointer is a field of a class. */
const mayDetect = (text: string): boolean => /\bclass\b/.test(text);

function detect(sourceFile: SourceFile, context: RuleContext): Detection[] {
  if (!context.enabledRules.has(RULE)) return [];
  const graph = new OwnershipGraph();
  const backPointers = sourceFile.getClasses().flatMap((child) => backPointersOf(child, graph));
  if (backPointers.length === 0) return [];
  const style = styleOf(sourceFile, context.facts);
  return backPointers.flatMap((backPointer) => toFinding(backPointer, style, context) ?? []);
}

/** The back-edge becomes a WeakRef behind an accessor of the same name. */
export const rule: Rule = { meta, drivers: [{ id: RULE, mayDetect, projectWide: true, detect }] };

function backPointersOf(child: ClassDeclaration, graph: OwnershipGraph): BackPointer[] {
  const found: BackPointer[] = [];
  for (const { name, declaration, typedBy, optional, parameterIndex } of referenceSlots(child)) {
    const typed = referencedClassOf(typedBy, optional);
    const untyped = isUntyped(typedBy);
    const reference = typed
      ? { ...typed, absence: writtenAbsence(declaration) ?? typed.absence }
      : untyped
        ? passedThisBy(child, parameterIndex)
        : undefined;
    if (!reference || !isSetFromOutside(child, name, declaration, reference.target)) continue;
    const path = graph.pathBetween(reference.target, child);
    if (path)
      found.push({
        child,
        name,
        declaration,
        ...reference,
        owner: reference.target,
        cycle: [...path, `${child.getName()}.${name}`],
      });
  }
  return found;
}

/**
 * The absence the declaration spells out (`A | null`), which the checker forgets when strictNullChecks
 * is off: the accessor must keep returning `null` where the code compares with it.
 */
function writtenAbsence(declaration: PropertyDeclaration | ParameterDeclaration | undefined): Absence | undefined {
  const typeNode = declaration?.getTypeNode();
  if (!typeNode || !Node.isUnionTypeNode(typeNode)) return undefined;
  const parts = typeNode.getTypeNodes().map((node) => node.getText());
  return parts.includes('null') ? 'null' : parts.includes('undefined') ? 'undefined' : undefined;
}

/** Properties that may hold a reference: declared fields, parameter properties, and fields a JS constructor sets. */
function referenceSlots(child: ClassDeclaration) {
  const parameters =
    child
      .getConstructors()[0]
      ?.getParameters()
      .map((parameter) => parameter.getName()) ?? [];
  const assigned = constructorAssignments(child);
  const parameterIndexOf = (name: string) => {
    const parameter = assigned.find(({ field }) => field === name)?.value.getText() ?? name;
    const index = parameters.indexOf(parameter);
    return index === -1 ? undefined : index;
  };
  // Types are asked last, of the slots that may be handed in and may hold an object: inferring one costs most.
  const properties = instanceProperties(child);
  const declared = properties
    .filter((declaration) => !holdsNoInstance(declaration) && mayBeHandedIn(child, declaration.getName(), declaration))
    .map((declaration) => ({
      name: declaration.getName(),
      declaration,
      typedBy: declaration as Node,
      optional: declaration.hasQuestionToken(),
      parameterIndex: parameterIndexOf(declaration.getName()),
    }));
  // An accessor pair is the fix's own work (or the class's design): assigning through it sets no plain field.
  const accessors = child.getGetAccessors().map((accessor) => accessor.getName());
  const names = new Set([...properties.map((property) => property.getName()), ...accessors]);
  const assignedOnly = assigned
    .filter(({ field }) => !names.has(field))
    .map(({ field, value }) => ({
      name: field,
      declaration: undefined,
      typedBy: value as Node,
      optional: false,
      parameterIndex: parameterIndexOf(field),
    }));
  return [...declared, ...assignedOnly];
}

/** `this.field = <parameter>` in the constructor. */
function constructorAssignments(owner: ClassDeclaration): { field: string; value: Expression }[] {
  const parameters = new Set(owner.getConstructors().flatMap((ctor) => ctor.getParameters().map((p) => p.getName())));
  return owner
    .getConstructors()
    .flatMap((ctor) => thisAssignments(ctor))
    .filter(({ value }) => Node.isIdentifier(value) && parameters.has(value.getText()));
}

/**
 * Where types say nothing (plain JavaScript), the owner is the class that creates the child with
 * itself as this constructor argument: `new MenuItem(this, label)` in Menu.
 */
function passedThisBy(
  child: ClassDeclaration,
  parameterIndex: number | undefined,
): { target: ClassDeclaration; absence: Absence } | undefined {
  if (parameterIndex === undefined) return undefined;
  for (const creation of creationsNamed(child.getProject(), child.getName()!)) {
    if (!Node.isNewExpression(creation)) continue;
    const argument = creation.getArguments()[parameterIndex];
    const creator = creation.getFirstAncestorByKind(SyntaxKind.ClassDeclaration);
    if (argument && Node.isThisExpression(argument) && creator) return { target: creator, absence: 'none' };
  }
  return undefined;
}

/** A back-pointer is handed in by the child's own code: a constructor parameter, or a lifecycle method's. */
const handedInByChild = (
  child: ClassDeclaration,
  name: string,
  declaration: PropertyDeclaration | ParameterDeclaration | undefined,
): boolean => !declaration || Node.isParameterDeclaration(declaration) || fieldsHandedIn(child).has(name);

/** Whether some owner may hand the field in: the child does, or code somewhere stores `this` under its name. */
const mayBeHandedIn = (
  child: ClassDeclaration,
  name: string,
  declaration: PropertyDeclaration | ParameterDeclaration,
): boolean => handedInByChild(child, name, declaration) || storesThisAs(child.getProject(), name);

/** A back-pointer is handed in: a constructor parameter, a lifecycle method's, or `child.field = this` in the owner. */
function isSetFromOutside(
  child: ClassDeclaration,
  name: string,
  declaration: PropertyDeclaration | ParameterDeclaration | undefined,
  owner: ClassDeclaration,
): boolean {
  if (handedInByChild(child, name, declaration)) return true;
  return owner.getDescendantsOfKind(SyntaxKind.BinaryExpression).some((assignment) => {
    const left = assignment.getLeft();
    return (
      Node.isPropertyAccessExpression(left) &&
      left.getName() === name &&
      Node.isThisExpression(skipOuterExpressions(assignment.getRight())) &&
      mayBeA(left.getExpression(), child)
    );
  });
}

/** Whether a value may be a `cls` object: its type is that class or a subclass of it, or says nothing. */
function mayBeA(value: Node, cls: ClassDeclaration): boolean {
  if (isUntyped(value)) return true;
  let instance = instanceClassOf(value, { orAbsent: true });
  for (let depth = 0; instance && depth <= MAX_CLASS_DEPTH; depth++) {
    if (instance === cls) return true;
    instance = baseClassOf(instance);
  }
  return false;
}

/** The finding, or nothing for a risk the run does not ask for: its refusals and fix cost more than the rest of the rule. */
function toFinding(backPointer: BackPointer, style: CodeStyle, context: RuleContext): Detection | undefined {
  const { child, name, declaration, owner } = backPointer;
  const anchor =
    declaration ??
    constructorAssignments(child)
      .find(({ field }) => field === name)!
      .value.getParentOrThrow();
  const childName = child.getName()!;
  const { retention, why } = retentionOf(backPointer, anchor);
  if (retention.severity === 'risk' && !context.settings.includeRisks) return undefined;
  const data = {
    child: childName,
    field: name,
    owner: owner.getName()!,
    cycle: backPointer.cycle.join(' → '),
    evidence: why,
  };
  const { fixed, reportOnly } = findingAbout(anchor, RULE, 'backPointer', data, retention);

  const refusal = refusalFor(backPointer, context);
  if (refusal) return reportOnly(refusal);
  const fix = weakRefEdits(backPointer, style, context);
  if ('refusal' in fix) return reportOnly(fix.refusal);
  const callSites =
    fix.callSites > 0
      ? `, and ${fix.callSites} ${fix.callSites === 1 ? 'use' : 'uses'} updated for a possibly collected ${owner.getName()}`
      : '';
  const lib = fix.addsLibReference
    ? '. The project\'s lib has no WeakRef, so the file gains /// <reference lib="es2021.weakref" />, and its runtime must have WeakRef'
    : '';
  const weakRef = `keep it in a WeakRef behind an accessor of the same name${callSites}; the ${owner.getName()} may now be collected while ${withArticle(childName)} lives${lib}`;
  return fixed('review', weakRef, fix.edits, publicTypeChange(backPointer));
}

/** An exported class's public field that was never absent: code outside the project sees its type change. */
function publicTypeChange({ child, name, declaration, owner, absence }: BackPointer): string | undefined {
  if (!child.isExported() || absence !== 'none' || !declaration) return undefined;
  const hidden =
    declaration.hasModifier(SyntaxKind.PrivateKeyword) ||
    declaration.hasModifier(SyntaxKind.ProtectedKeyword) ||
    declaration.getName().startsWith('#');
  if (hidden) return undefined;
  const type = ownerTypeText(declaration, owner);
  return `${child.getName()}.${name} is public in an exported class, and its type changes from ${type} to ${type} | undefined`;
}

/**
 * A cycle is collected unless something long-lived reaches a child after the owner is done: a leak
 * needs a root holding children (a module-level or static value that the code fills) and an owner
 * with a teardown. Otherwise the finding is a risk, with what is missing said.
 */
function retentionOf({ child, name, owner }: BackPointer, anchor: Node): { retention: Retention; why: string } {
  const edge = stepAt('edge', `${child.getName()}.${name}`, anchor);
  const ownerStep = classOwnerStep(owner);
  const holder = holderOf(child);
  const teardown = lifecycleOf(owner).teardowns[0];
  if (holder && teardown) {
    const path = [holder.root, holder.edge, edge, ownerStep];
    return {
      retention: { severity: 'leak', path },
      why: `${holder.root.text} keeps ${child.getName()} objects, so ${withArticle(owner.getName()!)} stays after ${teardown}()`,
    };
  }
  if (holder) {
    const why = `${holder.root.text} keeps ${child.getName()} objects, but ${owner.getName()} has no teardown method, so nothing says when one is done`;
    return { retention: { severity: 'risk', path: [holder.root, holder.edge, edge, ownerStep] }, why };
  }
  const root = stepAt(
    'root',
    `whatever keeps ${withArticle(child.getName()!)} (nothing long-lived is known to)`,
    child,
  );
  const why = `Nothing long-lived is known to keep ${withArticle(child.getName()!)}, so this may be a cycle the GC frees`;
  return { retention: { severity: 'risk', path: [root, edge, ownerStep] }, why };
}

const withArticle = (name: string): string => `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;

const heldByHolder = new WeakMap<ts.Node, ClassDeclaration[]>();

/** The classes a holder keeps, asked of the type checker once per holder. */
function classesHeldBy(holder: Node, child: ClassDeclaration): ClassDeclaration[] {
  let held = heldByHolder.get(holder.compilerNode);
  if (!held) {
    held = heldClassesOf(holder, (name) => classesImplementing(child, name));
    heldByHolder.set(holder.compilerNode, held);
  }
  return held;
}

/** A module-level or static value that is filled somewhere and whose type holds `child` objects. */
function holderOf(child: ClassDeclaration): { root: RetentionStep; edge: RetentionStep } | undefined {
  for (const holder of filledHolders(child.getProject())) {
    if (!Node.isVariableDeclaration(holder) && !Node.isPropertyDeclaration(holder)) continue;
    if (holdsNoInstance(holder) || isTestFile(holder.getSourceFile())) continue;
    if (!classesHeldBy(holder, child).includes(child)) continue;
    if (Node.isVariableDeclaration(holder) && isReadOnlyScratch(holder)) continue;
    const file = holder.getSourceFile().getBaseName();
    const text = Node.isPropertyDeclaration(holder)
      ? `${holder.getParentIfKind(SyntaxKind.ClassDeclaration)?.getName() ?? 'a class'}.${holder.getName()} (static, ${file})`
      : `${holder.getName()} (module-level, ${file})`;
    return { root: stepAt('root', text, holder), edge: stepAt('edge', `holds ${child.getName()} objects`, holder) };
  }
  return undefined;
}

/** Why no accessor can replace the field safely, if it cannot. */
function refusalFor({ child, name, declaration }: BackPointer, context: RuleContext): string | undefined {
  if (declaration && Node.isPropertyDeclaration(declaration)) {
    if (declaration.getDecorators().length > 0) return `${name} has decorators`;
    if (declaration.isAbstract() || declaration.hasDeclareKeyword() || declaration.hasOverrideKeyword())
      return `${name} is abstract, declared or overridden`;
    const initializer = declaration.getInitializer();
    if (initializer && !['null', 'undefined'].includes(initializer.getText())) return `${name} has an initializer`;
  }
  const redeclared = redeclaringClass(child, name);
  if (redeclared)
    return `${name} is declared again in ${redeclared.getName()}, and a field and an accessor cannot share a name across a hierarchy`;
  const fromInterface = child.getImplements().find((clause) => propertiesAmong(clause, [name])?.length);
  if (fromInterface)
    return `${name} is part of the interface ${fromInterface.getText()}, which other code may implement with a plain field`;
  const copied = copiesOf(child);
  if (copied) return `${child.getName()} objects are copied by ${copied}, which does not see an accessor`;
  const otherPath = otherStrongPath(child, name, declaration);
  if (otherPath) return `a WeakRef would not free the owner, as ${otherPath}`;
  if (deletes(child, name)) return `${name} is deleted somewhere, and an accessor cannot be`;
  return libDeclaresWeakRef(child.getSourceFile())
    ? undefined
    : libReferenceRefusal(child, context.settings.libReference);
}

/**
 * Why the WeakRef lib reference may not be added: the user said so, or (by default) the project targets
 * an ECMAScript before ES2021, whose runtimes may have no WeakRef at all — a lib reference would only
 * hide that from the type check.
 */
function libReferenceRefusal(child: ClassDeclaration, setting: Settings['libReference']): string | undefined {
  if (setting === false) return "the project's lib has no WeakRef and --no-lib-reference forbids adding one";
  const { target } = child.getProject().getCompilerOptions();
  if (setting === true || (target !== undefined && target >= ts.ScriptTarget.ES2021)) return undefined;
  const targets = target === undefined ? 'sets no target' : `targets ${ts.ScriptTarget[target]}`;
  return (
    `the project ${targets}, and its runtimes may have no WeakRef (ES2021); ` +
    'set "libReference": true in unleak.config.json (or pass --lib-reference) if yours have it'
  );
}

/**
 * A strong path from the child to the owner that the WeakRef would leave: the parameter the owner
 * arrives by is used by a function made in the same call (V8 keeps such a variable in a context that
 * every closure of the call holds) or stored in another field too.
 */
function otherStrongPath(
  child: ClassDeclaration,
  name: string,
  declaration: PropertyDeclaration | ParameterDeclaration | undefined,
): string | undefined {
  for (const parameter of ownerParameters(child, name, declaration)) {
    const call = parameter.getParentOrThrow();
    const uses = usesOf(parameter, call);
    const closure = uses
      .map((use) => use.getFirstAncestor(isFunction))
      .find((fn) => fn && fn !== call && !isCalledAtOnce(fn));
    if (closure) {
      const where = `${closure.getSourceFile().getBaseName()}:${locationOf(closure).line}`;
      return `the function at ${where} uses ${parameter.getName()}, and every closure made in that call keeps it`;
    }
    const other = thisAssignments(call).find(
      ({ field, value }) => field !== name && uses.some((use) => holdsDirectly(value, use)),
    );
    if (other) return `${child.getName()}.${other.field} keeps it too`;
  }
  return undefined;
}

/** Array methods that call their callback before they return, and keep nothing of it. */
const CALLING_AT_ONCE = new Set([
  'map',
  'forEach',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'reduce',
  'flatMap',
]);

/** `items.map((item) => …)`: a callback no one keeps, so the variables it uses are not kept either. */
function isCalledAtOnce(fn: Node): boolean {
  const call = fn.getParent();
  if (!Node.isCallExpression(call) || !call.getArguments().includes(fn)) return false;
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) && CALLING_AT_ONCE.has(callee.getName());
}

/** `board`, `{ board }`, `{ owner: board }` or `[board]` stored as `value`: the value itself keeps the use. */
function holdsDirectly(value: Node, use: Node): boolean {
  if (value === use) return true;
  const parent = use.getParent();
  if (parent === value && Node.isArrayLiteralExpression(value)) return true;
  const entry = Node.isShorthandPropertyAssignment(parent) || Node.isPropertyAssignment(parent) ? parent : undefined;
  return entry !== undefined && entry.getParent() === value;
}

/** The parameters the owner arrives by: the parameter property itself, or the one a `this.name = …` stores. */
function ownerParameters(
  child: ClassDeclaration,
  name: string,
  declaration: PropertyDeclaration | ParameterDeclaration | undefined,
): ParameterDeclaration[] {
  if (declaration && Node.isParameterDeclaration(declaration)) return [declaration];
  const members = [...child.getConstructors(), ...child.getMethods()];
  return members
    .flatMap((member) => thisAssignments(member))
    .filter(({ field, value }) => field === name && Node.isIdentifier(value))
    .map(({ value }) => declarationOf(value))
    .filter((found): found is ParameterDeclaration => !!found && Node.isParameterDeclaration(found));
}

/** A base or derived class of the project that declares the same property. */
function redeclaringClass(child: ClassDeclaration, name: string): ClassDeclaration | undefined {
  const declares = (cls: ClassDeclaration) => instanceProperties(cls).some((property) => property.getName() === name);
  const base = baseClassOf(child);
  if (base && !base.getSourceFile().isDeclarationFile() && declares(base)) return base;
  return derivedClassesOf(child, 0).find(declares);
}

/** The project's classes that extend `base`, directly or through others. */
function derivedClassesOf(base: ClassDeclaration, depth: number): ClassDeclaration[] {
  const name = base.getName();
  if (!name || depth > MAX_CLASS_DEPTH) return [];
  const direct = subclassesOf(base.getProject(), name).filter(
    (cls): cls is ClassDeclaration => Node.isClassDeclaration(cls) && baseClassOf(cls) === base,
  );
  return [...direct, ...direct.flatMap((cls) => derivedClassesOf(cls, depth + 1))];
}

/** Where a child object is serialised, spread or enumerated: `JSON.stringify(node)`, `{ ...node }`. */
function copiesOf(child: ClassDeclaration): string | undefined {
  const project = child.getProject();
  return perProject(copiedByProject, project, () => copiedClasses(project)).get(child.compilerNode);
}

const copiedByProject: PerProject<Map<ts.ClassDeclaration, string>> = new WeakMap();

/**
 * The classes whose objects the project copies, each with its first copy site: typed once per project,
 * not per child, and through the compiler's checker, as a project may have tens of thousands of spreads.
 */
function copiedClasses(project: Project): Map<ts.ClassDeclaration, string> {
  const copied = new Map<ts.ClassDeclaration, string>();
  const note = (value: ts.Expression, where: string) => {
    const copiedClass = instanceClassAt(project, value);
    if (copiedClass && !copied.has(copiedClass)) copied.set(copiedClass, where);
  };
  for (const { file, site } of copySites(project)) {
    const name = file.getBaseName();
    if (ts.isSpreadAssignment(site)) note(site.expression, `a spread in ${name}`);
    else
      for (const argument of site.arguments)
        note(argument, `${site.expression.getText(file.compilerNode)}() in ${name}`);
  }
  return copied;
}

function deletes(child: ClassDeclaration, name: string): boolean {
  return deletionsOf(child.getProject(), name).some((deletion) => {
    const target = Node.isDeleteExpression(deletion) ? skipOuterExpressions(deletion.getExpression()) : undefined;
    return Node.isPropertyAccessExpression(target) && instanceClassOf(target.getExpression()) === child;
  });
}

interface WeakRefFix {
  edits: TextEdit[];
  callSites: number;
  addsLibReference: boolean;
}

/** The slot, the accessors, the constructor's own writes for a readonly field, the call sites and the lib reference. */
function weakRefEdits(
  backPointer: BackPointer,
  style: CodeStyle,
  context: RuleContext,
): WeakRefFix | { refusal: string } {
  const { child, name, declaration } = backPointer;
  const slot = slotName(child, name, style);
  if (!slot) return { refusal: `${child.getName()} already has a member named like the WeakRef slot for ${name}` };
  const readonly =
    !!declaration && (Node.isParameterDeclaration(declaration) ? declaration.isReadonly() : declaration.isReadonly());
  const members = accessorMembers(backPointer, slot, readonly, style);
  const file = child.getSourceFile().getFilePath();
  const edits: TextEdit[] = [];

  if (declaration && Node.isPropertyDeclaration(declaration)) {
    const indent = indentationAt(child.getSourceFile().getFullText(), declaration.getStart());
    const text = members.map((line, index) => (index === 0 || !line ? line : indent + line)).join(style.eol);
    edits.push({ file, start: declaration.getStart(), end: declaration.getEnd(), text });
  } else {
    edits.push(membersEdit(child, members, style));
  }
  if (declaration && Node.isParameterDeclaration(declaration)) {
    // The parameter no longer declares the field, so the constructor stores it in the slot itself.
    edits.push(plainParameter(declaration));
    const body = declaration.getParentIfKindOrThrow(SyntaxKind.Constructor).getBody();
    if (!body || !Node.isBlock(body)) return { refusal: 'its constructor has no body' };
    edits.push(statementAtStart(body, `this.${slot} = ${wrap(name)}`, style));
  }
  if (readonly) edits.push(...constructorWrites(backPointer, slot));

  const uses = callSiteEdits(backPointer);
  if (uses.needOwner.length > 0) return { refusal: needOwnerRefusal(backPointer, uses.needOwner) };
  if (uses.edits.some((edit) => !context.isEditable(edit.file))) {
    return { refusal: `${name} is used in files outside this run; run unleak on the whole project` };
  }
  edits.push(...uses.edits);

  const addsLibReference = !libDeclaresWeakRef(child.getSourceFile());
  if (addsLibReference) edits.push(libReferenceEdit(child.getSourceFile(), style));
  return { edits, callSites: uses.edits.length, addsLibReference };
}

function slotName(child: ClassDeclaration, name: string, style: CodeStyle): string | undefined {
  const slot = style.usesPrivateNames || !style.isTypeScript ? `#${name}` : `${name}Ref`;
  const taken = child.getMembers().some((member) => Node.hasName(member) && member.getName() === slot);
  return taken ? undefined : slot;
}

/**
 * `new WeakRef(value)` only for an object: `null` or `undefined` (a test building a child with
 * `null as any` for its owner) clears the slot, where `new WeakRef(null)` would throw.
 */
const wrap = (value: string): string => `${value} ? new WeakRef(${value}) : undefined`;

/** The lines of the slot and its accessors, unindented. */
function accessorMembers(
  { name, declaration, owner, absence }: BackPointer,
  slot: string,
  readonly: boolean,
  style: CodeStyle,
): string[] {
  const semicolon = style.semicolon;
  const unit = style.indentUnit;
  const scope = declaration?.getScope?.();
  const access =
    scope && scope !== 'public' ? `${scope} ` : declaration?.hasModifier?.(SyntaxKind.PublicKeyword) ? 'public ' : '';
  const ownerType = style.isTypeScript ? ownerTypeText(declaration, owner) : '';
  const absent = absence === 'null' ? 'null' : 'undefined';
  const typed = (text: string) => (style.isTypeScript ? text : '');
  const privateSlot = slot.startsWith('#') ? '' : 'private ';
  const lines = [
    `${typed(privateSlot)}${slot}${typed(`: WeakRef<${ownerType}> | undefined`)}${semicolon}`,
    '',
    `${typed(access)}get ${name}()${typed(`: ${ownerType} | ${absent}`)} {`,
    `${unit}return this.${slot}?.deref()${absence === 'null' ? ' ?? null' : ''}${semicolon}`,
    '}',
  ];
  if (!readonly) {
    lines.push(
      '',
      `${typed(access)}set ${name}(${name}${typed(`: ${ownerType} | ${absent}`)}) {`,
      `${unit}this.${slot} = ${name} ? new WeakRef(${name}) : undefined${semicolon}`,
      '}',
    );
  }
  return lines;
}

/** The owner's type as the declaration wrote it, without its `null`/`undefined` parts. */
function ownerTypeText(
  declaration: PropertyDeclaration | ParameterDeclaration | undefined,
  owner: ClassDeclaration,
): string {
  const typeNode = declaration?.getTypeNode();
  if (!typeNode) return owner.getName()!;
  if (!Node.isUnionTypeNode(typeNode)) return typeNode.getText();
  const present = typeNode.getTypeNodes().filter((node) => !['null', 'undefined'].includes(node.getText()));
  return present.map((node) => node.getText()).join(' | ');
}

/** `constructor(readonly tree: Tree)` → `constructor(tree: Tree)`: the field is now an accessor. */
function plainParameter(parameter: ParameterDeclaration): TextEdit {
  const modifiers = parameter.getModifiers();
  const start = modifiers[0]!.getStart();
  const end = parameter.getNameNode().getStart();
  return { file: parameter.getSourceFile().getFilePath(), start, end, text: '' };
}

/** A getter-only accessor cannot be assigned: the constructor's `this.tree = tree` writes the slot instead. */
function constructorWrites({ child, name }: BackPointer, slot: string): TextEdit[] {
  return child
    .getConstructors()
    .flatMap((ctor) => thisAssignments(ctor))
    .filter(({ field }) => field === name)
    .map(({ value, assignment }) => ({
      file: child.getSourceFile().getFilePath(),
      start: assignment.getStart(),
      end: assignment.getEnd(),
      text: `this.${slot} = ${wrap(value.getText())}`,
    }));
}

/**
 * Reads of the property that no longer type-check now that it may be `undefined`. `x.tree.render()`
 * used as a statement becomes `x.tree?.render()`: nothing to do once the owner is gone. Any other use
 * that needs the owner (an argument, a return, `x.tree.size`) is not rewritten: a non-null assertion
 * would throw in exactly the case the WeakRef is for. Such uses refuse the fix, unless a check of the
 * same property guards them. Only for TypeScript under strictNullChecks, where the old type could not
 * be absent.
 */
function callSiteEdits({ child, declaration, absence }: BackPointer): { edits: TextEdit[]; needOwner: Node[] } {
  const options = child.getProject().getCompilerOptions();
  const strictNulls = options.strictNullChecks ?? options.strict ?? false;
  const nameNode = declaration?.getNameNode();
  const none = { edits: [], needOwner: [] };
  if (absence !== 'none' || !strictNulls || !declaration || !Node.isIdentifier(nameNode)) return none;
  const edits: TextEdit[] = [];
  const needOwner: Node[] = [];
  const project = child.getProject();
  const accesses = propertyAccessesNamed<PropertyAccessExpression>(project, nameNode.getText(), (access) =>
    accessesDeclaration(project, access, declaration.compilerNode),
  );
  for (const access of accesses) {
    if (/\.[cm]?jsx?$/.test(access.getSourceFile().getFilePath()) || isGuarded(access)) continue;
    const use = callSiteUse(access);
    if (use === 'optional-call') edits.push(optionalChain(access));
    else if (use === 'needs-owner') needOwner.push(access);
  }
  return { edits, needOwner };
}

/** What a read of the property does with the owner, once it may be gone. */
function callSiteUse(access: Node): 'optional-call' | 'needs-owner' | 'indifferent' {
  const parent = access.getParent();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === access) return 'indifferent';
  const chained =
    (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) &&
    parent.getExpression() === access;
  if (chained) {
    if (parent.hasQuestionDotToken()) return 'indifferent';
    const call = parent.getParent();
    const statementCall =
      Node.isCallExpression(call) && call.getExpression() === parent && Node.isExpressionStatement(call.getParent());
    return Node.isPropertyAccessExpression(parent) && statementCall ? 'optional-call' : 'needs-owner';
  }
  return contextRejectsUndefined(access) || flowsIntoInferredType(access) ? 'needs-owner' : 'indifferent';
}

const optionalChain = (access: Node): TextEdit => ({
  file: access.getSourceFile().getFilePath(),
  start: access.getEnd(),
  end: access.getEnd(),
  text: '?',
});

/** `if (x.owner) use(x.owner)`, `x.owner && x.owner.run()`, `x.owner ? f(x.owner) : g()`: checked before it is used. */
function isGuarded(access: Node): boolean {
  const text = access.getText();
  /** Whether `condition` being `outcome` shows the property is there: `x`, `!x`, `x != null`, `a && x`, `!x || b`. */
  const showsPresent = (condition: Node, outcome: boolean): boolean => {
    const written = skipOuterExpressions(condition);
    if (written.getText() === text) return outcome;
    if (Node.isPrefixUnaryExpression(written) && written.getOperatorToken() === SyntaxKind.ExclamationToken)
      return showsPresent(written.getOperand(), !outcome);
    if (!Node.isBinaryExpression(written)) return false;
    const operator = written.getOperatorToken().getText();
    const either = () => showsPresent(written.getLeft(), outcome) || showsPresent(written.getRight(), outcome);
    if (operator === '&&') return outcome && either();
    if (operator === '||') return !outcome && either();
    if (written.getLeft().getText() !== text || !['null', 'undefined'].includes(written.getRight().getText()))
      return false;
    return ['!=', '!=='].includes(operator) ? outcome : ['==', '==='].includes(operator) && !outcome;
  };
  const checks = (condition: Node) => showsPresent(condition, true);
  const rulesOut = (condition: Node) => showsPresent(condition, false);
  for (let node: Node = access; !Node.isFunctionLikeDeclaration(node); node = node.getParentOrThrow()) {
    const parent = node.getParentOrThrow();
    if (Node.isIfStatement(parent) && parent.getThenStatement() === node && checks(parent.getExpression())) return true;
    if (Node.isIfStatement(parent) && parent.getElseStatement() === node && rulesOut(parent.getExpression()))
      return true;
    if (Node.isConditionalExpression(parent) && parent.getWhenFalse() === node && rulesOut(parent.getCondition()))
      return true;
    if (Node.isBlock(parent) && returnedEarlyWithout(parent, node, rulesOut)) return true;
    const or = Node.isBinaryExpression(parent) && parent.getOperatorToken().getText() === '||';
    if (or && parent.getRight() === node && rulesOut(parent.getLeft())) return true;
    if (Node.isConditionalExpression(parent) && parent.getWhenTrue() === node && checks(parent.getCondition()))
      return true;
    const and = Node.isBinaryExpression(parent) && parent.getOperatorToken().getText() === '&&';
    if (and && parent.getRight() === node && checks(parent.getLeft())) return true;
    if (Node.isSourceFile(parent)) return false;
  }
  return false;
}

/** `if (!this.owner) return;` before `statement` in `block`: past it, the owner is there. */
function returnedEarlyWithout(block: Node, statement: Node, rulesOut: (condition: Node) => boolean): boolean {
  const statements = Node.isBlock(block) ? block.getStatements() : [];
  const before = statements.slice(0, statements.indexOf(statement as never));
  return before.some((earlier) => {
    if (!Node.isIfStatement(earlier) || earlier.getElseStatement() || !rulesOut(earlier.getExpression())) return false;
    const then = earlier.getThenStatement();
    const last = Node.isBlock(then) ? then.getStatements().at(-1) : then;
    return !!last && (Node.isReturnStatement(last) || Node.isThrowStatement(last));
  });
}

/** The uses that would need the owner to be there, named, as the reason no fix is offered. */
function needOwnerRefusal({ owner }: BackPointer, uses: Node[]): string {
  const where = uses
    .slice(0, 3)
    .map((use) => `${use.getSourceFile().getBaseName()}:${locationOf(use).line}`)
    .join(', ');
  const more = uses.length > 3 ? ` and ${uses.length - 3} more` : '';
  const count = uses.length === 1 ? '1 use needs' : `${uses.length} uses need`;
  return `${count} the ${owner.getName()} to be there (${where}${more}), and a WeakRef may be empty by then; check it there first, and unleak will fix the rest`;
}

/**
 * `return this.owner` in a method without a return type, `const owner = this.owner`: the inferred
 * type would widen to `A | undefined` and break code far from here, so the value keeps its old type.
 */
function flowsIntoInferredType(access: Node): boolean {
  const parent = access.getParent();
  if (Node.isVariableDeclaration(parent)) return parent.getInitializer() === access && !parent.getTypeNode();
  const returned = Node.isReturnStatement(parent) || (Node.isArrowFunction(parent) && parent.getBody() === access);
  const fn = Node.isReturnStatement(parent)
    ? parent.getFirstAncestor((node) => Node.isFunctionLikeDeclaration(node))
    : parent;
  return returned && !!fn && Node.isFunctionLikeDeclaration(fn) && !fn.getReturnTypeNode();
}

function libReferenceEdit(sourceFile: SourceFile, style: CodeStyle): TextEdit {
  const text = sourceFile.getFullText();
  const at = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
  return {
    file: sourceFile.getFilePath(),
    start: at,
    end: at,
    text: `/// <reference lib="es2021.weakref" />${style.eol}`,
  };
}
