import { Node, SyntaxKind, type Expression } from 'ts-morph';
import { declarationOf } from './scope.js';

/** The expression inside parentheses, casts and non-null assertions: `(this.el as Element)!` → `this.el`. */
export function skipOuterExpressions(node: Node): Node {
  let current = node;
  while (
    Node.isParenthesizedExpression(current) ||
    Node.isNonNullExpression(current) ||
    Node.isAsExpression(current) ||
    Node.isSatisfiesExpression(current) ||
    Node.isTypeAssertion(current)
  ) {
    current = current.getExpression();
  }
  return current;
}

/** Any function, with a `this` and a `return` of its own or not: ts-morph's isFunctionLikeDeclaration leaves out function expressions. */
export const isFunction = (node: Node): boolean =>
  Node.isFunctionLikeDeclaration(node) || Node.isFunctionExpression(node);

const compact = (node: Node): string => node.getText().replace(/\s+/g, '');

/**
 * A key under which two expressions that denote the same value compare equal, as far as the code
 * shows it: casts are dropped, and a name is keyed as the field it mirrors — a constructor's or a
 * method's parameter stored in `this.el`, `const { el } = this`, `const el = this.el` all key as `this.el`.
 */
export function expressionKey(expression: Node): string {
  const node = skipOuterExpressions(expression);
  if (Node.isIdentifier(node)) {
    const declaration = declarationOf(node);
    const field = declaration && fieldMirroredBy(declaration);
    if (field) return `this.${field}`;
  }
  return compact(node);
}

function fieldMirroredBy(declaration: Node): string | undefined {
  if (Node.isParameterDeclaration(declaration)) {
    if (declaration.isParameterProperty()) return declaration.getName();
    const member = declaration.getParent();
    const storesIt = Node.isConstructorDeclaration(member) || Node.isMethodDeclaration(member);
    return storesIt ? fieldStoring(declaration.getName(), member) : undefined;
  }
  if (
    Node.isVariableDeclaration(declaration) &&
    declaration.getVariableStatement()?.getDeclarationKindKeywords()[0]?.getText() === 'const'
  ) {
    const initializer = declaration.getInitializer();
    const value = initializer && skipOuterExpressions(initializer);
    return value && Node.isPropertyAccessExpression(value) && Node.isThisExpression(value.getExpression())
      ? value.getName()
      : undefined;
  }
  if (Node.isBindingElement(declaration)) {
    const variable = declaration.getParent()?.getParent();
    const source = Node.isVariableDeclaration(variable) ? variable.getInitializer() : undefined;
    const destructuresThis =
      Node.isObjectBindingPattern(declaration.getParent()) &&
      source &&
      Node.isThisExpression(skipOuterExpressions(source));
    return destructuresThis ? (declaration.getPropertyNameNode()?.getText() ?? declaration.getName()) : undefined;
  }
  return undefined;
}

/** The field a constructor or method stores its parameter in: `this.el = el` → `el`. */
function fieldStoring(parameterName: string, member: Node): string | undefined {
  return thisAssignments(member).find(({ value }) => value.getText() === parameterName)?.field;
}

/** Every plain assignment to a field of `this` in `scope`: `this.field = value`. */
export function thisAssignments(scope: Node): { field: string; value: Expression; assignment: Node }[] {
  return scope.getDescendantsOfKind(SyntaxKind.BinaryExpression).flatMap((assignment) => {
    const left = skipOuterExpressions(assignment.getLeft());
    const isPlain = assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken;
    const toThisField = Node.isPropertyAccessExpression(left) && Node.isThisExpression(left.getExpression());
    return isPlain && toThisField ? [{ field: left.getName(), value: assignment.getRight(), assignment }] : [];
  });
}

/** `el` in `el.parentElement!.shadowRoot`, `this` in `(this.host as Host).root`: where a property chain starts. */
export function chainRoot(expression: Expression): Node {
  let node: Node = skipOuterExpressions(expression);
  while (Node.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.getExpression());
  return node;
}
