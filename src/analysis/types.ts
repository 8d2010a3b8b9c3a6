import {
  Node,
  ts,
  type ClassDeclaration,
  type Expression,
  type ParameterDeclaration,
  type Project,
  type PropertyDeclaration,
  type SourceFile,
  type Type,
  type VariableDeclaration,
} from 'ts-morph';
import { skipOuterExpressions } from './expressions.js';

/**
 * Type questions, answered by the type checker. Asking one builds the program of the file's project,
 * so the transforms ask only after cheaper syntactic checks have found a candidate.
 */

const NO_INSTANCE_TYPES = new Set([
  ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.NumberKeyword,
  ts.SyntaxKind.BooleanKeyword,
  ts.SyntaxKind.BigIntKeyword,
  ts.SyntaxKind.SymbolKeyword,
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.NeverKeyword,
  ts.SyntaxKind.LiteralType,
  ts.SyntaxKind.FunctionType,
  ts.SyntaxKind.ConstructorType,
]);

const NO_INSTANCE_VALUES = new Set([
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateExpression,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.RegularExpressionLiteral,
]);

/**
 * Whether a property's or variable's syntax alone shows it keeps no object of a class: its written type is a
 * primitive or a function type, or, with none written, its value is a function or a primitive.
 * Asked before the type checker, which would infer a whole function body for `onClick = () => {…}`.
 */
export function holdsNoInstance(property: PropertyDeclaration | ParameterDeclaration | VariableDeclaration): boolean {
  const node = property.compilerNode;
  const written = node.type ?? ts.getJSDocType(node);
  if (written) return NO_INSTANCE_TYPES.has(written.kind);
  let value = node.initializer;
  while (value && ts.isParenthesizedExpression(value)) value = value.expression;
  return value !== undefined && NO_INSTANCE_VALUES.has(value.kind);
}

/**
 * The class a value is an instance of (`Tree`, `Tree<T>`), if it is one; with `orAbsent`, also when
 * it may be null or undefined instead.
 */
export function instanceClassOf(value: Node, { orAbsent = false } = {}): ClassDeclaration | undefined {
  const type = value.getType();
  return instanceClass(orAbsent ? type.getNonNullableType() : type);
}

/** The class of a value in the compiler's own nodes, for questions asked of many: no wrapper is made. */
export function instanceClassAt(project: Project, value: ts.Expression): ts.ClassDeclaration | undefined {
  return instanceClassNode(project.getTypeChecker().compilerObject.getTypeAtLocation(value));
}

function instanceClass(type: Type): ClassDeclaration | undefined {
  const constraint = type.isTypeParameter() ? type.getConstraint() : undefined;
  if (constraint) return instanceClass(constraint);
  const declaration = instanceClassNode(type.compilerType);
  return type
    .getSymbol()
    ?.getDeclarations()
    .find((node): node is ClassDeclaration => node.compilerNode === declaration);
}

function instanceClassNode(type: ts.Type): ts.ClassDeclaration | undefined {
  const constraint = type.isTypeParameter() ? type.getConstraint() : undefined;
  if (constraint) return instanceClassNode(constraint);
  const target = (type as Partial<ts.TypeReference>).target;
  if (!type.isClass() && !target?.isClass()) return undefined;
  return type.getSymbol()?.getDeclarations()?.find(ts.isClassDeclaration);
}

/** Collections whose elements they keep, and where the element type sits among their type arguments. */
const ELEMENT_ARGUMENT: Record<string, number> = {
  Array: 0,
  ReadonlyArray: 0,
  Set: 0,
  ReadonlySet: 0,
  Map: 1,
  ReadonlyMap: 1,
};

/**
 * The classes whose instances a value keeps alive, by its type: `B`, `B | undefined`, `B[]`,
 * `ReadonlyArray<B>`, `Set<B>`, `Map<K, B>`, `Record<K, B>` — and, for an interface `I` in place of `B`,
 * the classes `implementersOf` names for it.
 */
export const heldClassesOf = (
  value: Node,
  implementersOf?: (interfaceName: string) => ClassDeclaration[],
): ClassDeclaration[] => heldClasses(value.getType(), implementersOf);

function heldClasses(
  type: Type,
  implementersOf: (interfaceName: string) => ClassDeclaration[] = () => [],
  depth = 0,
): ClassDeclaration[] {
  if (depth > 3) return [];
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  return parts.flatMap((part) => {
    const direct = instanceClass(part);
    if (direct) return [direct];
    if (part.isInterface()) {
      const declared = part
        .getSymbol()
        ?.getDeclarations()
        .some((declaration) => Node.isInterfaceDeclaration(declaration));
      if (declared) return implementersOf(part.getSymbol()!.getName());
    }
    const element = elementType(part);
    return element ? heldClasses(element, implementersOf, depth + 1) : [];
  });
}

function elementType(type: Type): Type | undefined {
  const argument = ELEMENT_ARGUMENT[type.getSymbol()?.getName() ?? ''];
  if (argument !== undefined) return type.getTypeArguments()[argument];
  return type.getStringIndexType() ?? type.getNumberIndexType();
}

/** How a reference to one object admits absence: `A`, `A | undefined` (or optional), `A | null`. */
export type Absence = 'none' | 'undefined' | 'null';

/** The class a property or value refers to when its type is that one class, possibly absent (`optional`). */
export function referencedClassOf(
  value: Node,
  optional: boolean,
): { target: ClassDeclaration; absence: Absence } | undefined {
  const type = value.getType();
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  const present = parts.filter((part) => !part.isNull() && !part.isUndefined());
  const target = present.length === 1 ? instanceClass(present[0]!) : undefined;
  if (!target) return undefined;
  const absence: Absence = parts.some((part) => part.isNull())
    ? 'null'
    : optional || parts.some((part) => part.isUndefined())
      ? 'undefined'
      : 'none';
  return { target, absence };
}

/** What an options argument can be, by its type: a capture flag, an options object, or either. */
export interface OptionsShape {
  kind: 'boolean' | 'object' | 'mixed';
  /** Its type has a `signal` property: a value may carry a signal of its own. */
  mayCarrySignal: boolean;
}

export function optionsShape(options: Expression): OptionsShape {
  const type = options.getType();
  const parts = (type.isUnion() ? type.getUnionTypes() : [type]).filter(
    (part) => !part.isUndefined() && !part.isNull(),
  );
  const mayCarrySignal = parts.some((part) => part.getProperty('signal') !== undefined);
  if (parts.length > 0 && parts.every((part) => part.isBoolean() || part.isBooleanLiteral()))
    return { kind: 'boolean', mayCarrySignal };
  if (parts.length > 0 && parts.every((part) => part.isObject())) return { kind: 'object', mayCarrySignal };
  return { kind: 'mixed', mayCarrySignal };
}

/** Whether a function may be called with this many arguments; true when its type is unknown. */
export function acceptsArguments(callee: Expression, count: number): boolean {
  const signatures = callee.getType().getCallSignatures();
  return signatures.length === 0 || signatures.some((signature) => signature.getParameters().length >= count);
}

/** Whether a value's type is `any` or `unknown`: it says nothing. */
export function isUntyped(value: Node): boolean {
  const type = value.getType();
  return type.isAny() || type.isUnknown();
}

/** Which of `names` a value has as properties, by its type; undefined when its type is `any` or `unknown`. */
export function propertiesAmong(value: Node, names: readonly string[]): string[] | undefined {
  const written = value.getType();
  // Under strictNullChecks the non-nullable part of `unknown` is `{}`: ask before taking it.
  if (written.isAny() || written.isUnknown()) return undefined;
  const type = written.getNonNullableType();
  return names.filter((name) => type.getProperty(name) !== undefined);
}

/** Whether the file's program knows WeakRef: its lib includes es2021.weakref (directly or through a later es version). */
export function libDeclaresWeakRef(sourceFile: SourceFile): boolean {
  const program = sourceFile.getProject().getProgram().compilerObject;
  return program.getSourceFiles().some((file) => /lib\.es2021\.weakref\.d\.ts$/.test(file.fileName));
}

const abortControllerDeclared = new WeakMap<ts.SourceFile, boolean>();

/**
 * Whether the file can name `AbortController`: its lib has the DOM, or its Node types are 15 or
 * newer, or it imports one. Asks the type checker only for projects without the DOM lib.
 */
export function declaresAbortController(node: Node): boolean {
  const sourceFile = node.getSourceFile();
  const { lib } = sourceFile.getProject().getCompilerOptions();
  if (!lib || lib.some((name) => /(^|\.)dom(\.|$)/i.test(name))) return true;
  if (!abortControllerDeclared.has(sourceFile.compilerNode)) {
    const checker = sourceFile.getProject().getTypeChecker().compilerObject;
    const symbol = checker.resolveName('AbortController', sourceFile.compilerNode, ts.SymbolFlags.Value, false);
    abortControllerDeclared.set(sourceFile.compilerNode, symbol !== undefined);
  }
  return abortControllerDeclared.get(sourceFile.compilerNode)!;
}

/**
 * Whether `x.name` reads the property `declaration` declares: directly, on a subclass that inherits it,
 * on a generic instance, or through a union of types that have it.
 */
export function accessesDeclaration(
  project: Project,
  access: ts.PropertyAccessExpression,
  declaration: ts.Declaration,
): boolean {
  const symbol = project.getTypeChecker().compilerObject.getSymbolAtLocation(access.name);
  // A union's, an inherited or an instantiated property keeps the declarations it comes from.
  return symbol?.declarations?.includes(declaration) ?? false;
}

/** The declarations of those of `names` that a value's type has as methods or properties. */
export function memberDeclarations(value: Node, names: readonly string[]): { name: string; declarations: Node[] }[] {
  const type = value.getType();
  return names.flatMap((name) => {
    const member = type.getProperty(name);
    return member ? [{ name, declarations: member.getDeclarations() }] : [];
  });
}

/** Whether the place a value goes (an argument, a return, a typed variable) is typed and cannot take `undefined`. */
export function contextRejectsUndefined(value: Node): boolean {
  const checker = value.getProject().getTypeChecker().compilerObject;
  const contextual = checker.getContextualType(value.compilerNode as ts.Expression);
  if (!contextual || contextual.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const parts = contextual.isUnion() ? contextual.types : [contextual];
  return !parts.some((part) => part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void));
}

/** A value's type as code in its own file would write it. */
export const typeText = (value: Node): string => value.getType().getText(value, ts.TypeFormatFlags.NoTruncation);

/** Whether a value may be null or undefined: by its type where it is, or by the type its name or property is declared with. */
export function mayBeAbsent(value: Expression): boolean {
  if (value.getType().isNullable()) return true;
  const declaration = skipOuterExpressions(value).getSymbol()?.getValueDeclaration();
  return declaration?.getType().isNullable() === true;
}

/** Whether a value's property may be null or undefined, by its type there: `node.ownerDocument`. */
export function propertyMayBeAbsent(value: Expression, name: string): boolean {
  return value.getType().getNonNullableType().getPropertyOrThrow(name).getTypeAtLocation(value).isNullable();
}
