import {
  Node,
  SyntaxKind,
  type ClassDeclaration,
  type ClassExpression,
  type Expression,
  type ParameterDeclaration,
} from 'ts-morph';
import { skipOuterExpressions } from './expressions.js';
import { creationsNamed, methodCallsNamed, subclassesOf } from './project-index.js';
import { importedFile } from './modules.js';
import { declarationOf } from './scope.js';
import { instanceClassOf } from './types.js';

type AnyClass = ClassDeclaration | ClassExpression;

/** One call that passes a value for a parameter: `argument` is absent when the call passes none. */
export interface PassedArgument {
  call: Node;
  argument: Expression | undefined;
}

/** How deep subclasses are followed when looking for the constructions of a class. */
const MAX_SUBCLASS_DEPTH = 4;

/**
 * What the project's code passes for a constructor's or a method's parameter, one entry per call
 * found: `new Panel(window)`, `super(el)` in a subclass, `panel.attach(el)`. `undefined` when a
 * call's arguments cannot be matched to parameters (a spread before it).
 */
export function argumentsFor(parameter: ParameterDeclaration): PassedArgument[] | undefined {
  const member = parameter.getParent();
  const owner = member.getParent();
  if (!Node.isClassDeclaration(owner) && !Node.isClassExpression(owner)) return [];
  const index = (member as { getParameters(): ParameterDeclaration[] }).getParameters().indexOf(parameter);
  if (parameter.isRestParameter()) return undefined;
  const calls = Node.isConstructorDeclaration(member)
    ? constructionsOf(owner, 0)
    : Node.isMethodDeclaration(member)
      ? methodCallsOn(owner, member.getName())
      : [];
  const passed: PassedArgument[] = [];
  for (const call of calls) {
    const args = (call as Node & { getArguments(): Node[] }).getArguments();
    if (args.slice(0, index + 1).some((argument) => Node.isSpreadElement(argument))) return undefined;
    passed.push({ call, argument: args[index] as Expression | undefined });
  }
  return passed;
}

/** `new C(…)` wherever C is this class, and `super(…)` in subclasses (or their constructions, when they have no constructor). */
function constructionsOf(owner: AnyClass, depth: number): Node[] {
  const name = owner.getName();
  if (!name || depth > MAX_SUBCLASS_DEPTH) return [];
  const project = owner.getProject();
  const direct = creationsNamed(project, name).filter(
    (creation) => Node.isNewExpression(creation) && refersTo(creation.getExpression(), owner),
  );
  const inherited = subclassesOf<AnyClass>(project, name)
    .filter((subclass) => refersTo(subclass.getExtends()?.getExpression(), owner))
    .flatMap((subclass) => {
      const ctor = subclass.getConstructors()[0];
      if (!ctor) return constructionsOf(subclass, depth + 1);
      return ctor
        .getDescendants()
        .filter((node) => Node.isCallExpression(node) && node.getExpression().getKind() === SyntaxKind.SuperKeyword);
    });
  return [...direct, ...inherited];
}

/** `x.name(…)` where x is an instance of the class (by its type), or `this.name(…)` inside it. */
function methodCallsOn(owner: AnyClass, name: string): Node[] {
  return methodCallsNamed(owner.getProject(), name).filter((call) => {
    if (!Node.isCallExpression(call)) return false;
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return false;
    const receiver = skipOuterExpressions(callee.getExpression());
    if (Node.isThisExpression(receiver))
      return (
        receiver.getFirstAncestor((node) => Node.isClassDeclaration(node) || Node.isClassExpression(node)) === owner
      );
    return instanceClassOf(receiver, { orAbsent: true }) === owner;
  });
}

/**
 * Whether `expression` names the class: declared in the same file, or imported from the file that
 * declares it. Read from the syntax and module resolution, without building a type program.
 */
function refersTo(expression: Node | undefined, owner: AnyClass): boolean {
  if (!expression || !Node.isIdentifier(expression)) return false;
  const declaration = declarationOf(expression);
  if (declaration === owner) return true;
  if (!declaration) return false;
  const importDeclaration = declaration.getFirstAncestor((node) => Node.isImportDeclaration(node));
  if (!importDeclaration || !Node.isImportDeclaration(importDeclaration)) return false;
  const imported = Node.isImportSpecifier(declaration) ? declaration.getName() : 'default';
  const exported = Node.isClassDeclaration(owner) && owner.isDefaultExport() ? 'default' : owner.getName();
  return importedFile(importDeclaration) === owner.getSourceFile() && imported === exported;
}
