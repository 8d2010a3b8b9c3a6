import { Node, SyntaxKind, type Decorator, type NewExpression } from 'ts-morph';
import { isFunction } from './expressions.js';
import type { OwnerClass } from './owners.js';
import { creationsNamed, subclassesOf } from './project-index.js';
import { declarationOf, usesOf } from './scope.js';
import { isTestFile } from './test-files.js';

/** How many creating classes deep "created by the constructor of a program-lived class" is followed. */
const MAX_DEPTH = 4;
const APP_WIDE_INJECTORS = new Set(['root', 'platform']);

/**
 * Whether every instance of the class lives as long as the program: an Angular service of the root
 * (or platform) injector, or a class the project creates only in code that runs once — at module
 * level, or while constructing a class that is itself program-lived — and keeps there. Such an owner
 * is never done, so what it registers cannot keep it alive after it is done. Creations in tests do not
 * count; a class with no creation found is not known to be program-lived, nor is one with a subclass
 * that is not.
 */
export function isProgramLived(owner: OwnerClass): boolean {
  return livesWithTheProgram(owner, []);
}

/** `creators`: the classes whose construction led here, to stop at cycles and at MAX_DEPTH. */
function livesWithTheProgram(owner: OwnerClass, creators: readonly OwnerClass[]): boolean {
  if (isAppWideService(owner)) return true;
  const name = owner.getName();
  if (!name || creators.length > MAX_DEPTH || creators.includes(owner)) return false;
  const found = instancesMade(owner, name);
  if (!found || found.creations.length + found.subclasses.length === 0) return false;
  const chain = [...creators, owner];
  return (
    found.creations.every((creation) => {
      const runner = runsOnceFor(creation);
      const once = runner === 'module' || (runner !== undefined && livesWithTheProgram(runner, chain));
      return once && isKept(creation);
    }) && found.subclasses.every((subclass) => livesWithTheProgram(subclass, chain))
  );
}

/**
 * Where the project makes instances of the class: its `new`s, and its subclasses, whose instances run
 * its code too; none from test files. Undefined when another file cannot be read for them (one nested
 * too deeply to walk): that file is reported on its own, and this class's answer is unknown.
 */
function instancesMade(
  owner: OwnerClass,
  name: string,
): { creations: NewExpression[]; subclasses: OwnerClass[] } | undefined {
  const project = owner.getProject();
  const counts = (node: Node, named: Node | undefined) =>
    !isTestFile(node.getSourceFile()) && !namesAnotherClass(named, owner);
  try {
    return {
      creations: creationsNamed<NewExpression>(project, name).filter((creation) =>
        counts(creation, creation.getExpression()),
      ),
      subclasses: subclassesOf<OwnerClass>(project, name).filter((subclass) =>
        counts(subclass, subclass.getExtends()?.getExpression()),
      ),
    };
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Whether the instance is kept where it is made: a variable's or a field's initial value, a default
 * export, an assignment, or part of such a value. One used at once (`new Panel(window).dispose()`, or
 * handed to a call) may be done right away, and then only its listeners keep it.
 */
function isKept(creation: Node): boolean {
  const parent = creation.getParentOrThrow();
  if (Node.isVariableDeclaration(parent) || Node.isPropertyDeclaration(parent)) {
    return parent.getInitializer() === creation;
  }
  if (Node.isBinaryExpression(parent)) {
    return ASSIGNMENTS.has(parent.getOperatorToken().getKind()) && parent.getRight() === creation;
  }
  if (Node.isExportAssignment(parent)) return true;
  const wrapsIt =
    Node.isParenthesizedExpression(parent) ||
    Node.isAsExpression(parent) ||
    Node.isSatisfiesExpression(parent) ||
    Node.isNonNullExpression(parent) ||
    Node.isPropertyAssignment(parent) ||
    Node.isObjectLiteralExpression(parent) ||
    Node.isArrayLiteralExpression(parent);
  return wrapsIt && isKept(parent);
}

/**
 * What runs `node` and how often: `'module'` for code that runs once, when its module loads (static
 * initializers included); the class whose every construction runs it (its constructor, an instance
 * field's initializer); or undefined for code in any other function, which may run any number of times.
 */
function runsOnceFor(node: Node): OwnerClass | 'module' | undefined {
  if (isMadeOnFirstUse(node)) return 'module';
  for (let child = node, parent = node.getParent(); parent; child = parent, parent = parent.getParent()) {
    if (Node.isConstructorDeclaration(parent)) return parent.getParent() as OwnerClass;
    if (isFunction(parent)) return undefined;
    if (Node.isPropertyDeclaration(parent) && child === parent.getInitializer() && !parent.isStatic()) {
      return parent.getParent() as OwnerClass;
    }
  }
  return 'module';
}

const ASSIGNMENTS = new Set([
  SyntaxKind.EqualsToken,
  SyntaxKind.QuestionQuestionEqualsToken,
  SyntaxKind.BarBarEqualsToken,
]);

/**
 * A lazy singleton: `instance ??= new X()`, `if (!instance) instance = new X()` or
 * `instance ?? (instance = new X())`, into a module-level variable that nothing else sets. However
 * often its getter runs, it makes one instance; a reset (`instance = undefined`) would drop it, and so
 * rules this out.
 */
function isMadeOnFirstUse(creation: Node): boolean {
  const assignment = creation.getParent();
  if (!Node.isBinaryExpression(assignment) || assignment.getRight() !== creation) return false;
  const variable = assignment.getLeft();
  const declaration = Node.isIdentifier(variable) ? declarationOf(variable) : undefined;
  if (!Node.isVariableDeclaration(declaration) || !Node.isSourceFile(declaration.getVariableStatement()?.getParent()))
    return false;
  const operator = assignment.getOperatorToken().getKind();
  const firstUseOnly =
    operator === SyntaxKind.QuestionQuestionEqualsToken ||
    operator === SyntaxKind.BarBarEqualsToken ||
    (operator === SyntaxKind.EqualsToken && isGuardedByAbsence(assignment, variable.getText()));
  const setElsewhere = usesOf(declaration).some((use) => use !== variable && isAssigned(use));
  return firstUseOnly && !setElsewhere;
}

/** `if (!x) x = …`, `if (x == null) { x = … }`, `x ?? (x = …)`, `x || (x = …)`: the assignment runs only while `x` is empty. */
function isGuardedByAbsence(assignment: Node, name: string): boolean {
  let node = assignment;
  while (Node.isParenthesizedExpression(node.getParent())) node = node.getParentOrThrow();
  const parent = node.getParent();
  if (Node.isBinaryExpression(parent) && parent.getRight() === node) {
    const operator = parent.getOperatorToken().getKind();
    const either = operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.BarBarToken;
    return either && parent.getLeft().getText() === name;
  }
  const statement = Node.isExpressionStatement(parent) ? parent : undefined;
  const block = statement?.getParent();
  const branch = Node.isBlock(block) ? block : statement;
  const test = branch?.getParent();
  return Node.isIfStatement(test) && test.getThenStatement() === branch && showsAbsent(test.getExpression(), name);
}

function showsAbsent(condition: Node, name: string): boolean {
  if (Node.isPrefixUnaryExpression(condition) && condition.getOperatorToken() === SyntaxKind.ExclamationToken)
    return condition.getOperand().getText() === name;
  if (!Node.isBinaryExpression(condition) || condition.getLeft().getText() !== name) return false;
  const equality = ['==', '==='].includes(condition.getOperatorToken().getText());
  return equality && ['null', 'undefined'].includes(condition.getRight().getText());
}

/** Whether an identifier is what an assignment sets: `x = …`, `x ??= …`, `x++`. */
function isAssigned(identifier: Node): boolean {
  const parent = identifier.getParent();
  if (Node.isBinaryExpression(parent)) {
    const operator = parent.getOperatorToken().getKind();
    return (
      parent.getLeft() === identifier && operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment
    );
  }
  const steps = (operator: SyntaxKind) =>
    operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken;
  return (
    (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) && steps(parent.getOperatorToken())
  );
}

/**
 * `new Name(…)` or `extends Name` naming a class of the same name declared in its own file. A name
 * imported or not declared in the file counts as the owner's: counting too many creations only makes
 * the answer more careful.
 */
function namesAnotherClass(named: Node | undefined, owner: OwnerClass): boolean {
  if (!named || !Node.isIdentifier(named)) return true;
  const declaration = declarationOf(named);
  return !!declaration && declaration !== owner && !declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
}

/**
 * An Angular service the app-wide injector provides: `@Injectable({ providedIn: 'root' })` (or
 * `'platform'`), or Angular 22's `@Service()`, which without arguments is provided in the root.
 */
function isAppWideService(owner: OwnerClass): boolean {
  return owner.getDecorators().some((decorator) => {
    if (!isFromAngular(decorator)) return false;
    const [options, ...rest] = decorator.getArguments();
    if (decorator.getName() === 'Service') return options === undefined;
    return decorator.getName() === 'Injectable' && rest.length === 0 && APP_WIDE_INJECTORS.has(providedIn(options));
  });
}

function isFromAngular(decorator: Decorator): boolean {
  const callee = decorator.getCallExpression()?.getExpression();
  const root = callee && Node.isPropertyAccessExpression(callee) ? callee.getExpression() : callee;
  const declaration = root && Node.isIdentifier(root) ? declarationOf(root) : undefined;
  const imported = declaration?.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  return imported?.getModuleSpecifierValue() === '@angular/core';
}

/** The `providedIn` string of an `@Injectable({ … })`'s options, or '' when it has none unleak can read. */
function providedIn(options: Node | undefined): string {
  if (!options || !Node.isObjectLiteralExpression(options)) return '';
  const property = options.getProperty('providedIn');
  const value = property && Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
  return value && Node.isStringLiteral(value) ? value.getLiteralValue() : '';
}
