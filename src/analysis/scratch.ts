import { Node, SyntaxKind, VariableDeclarationKind, type ts, type VariableDeclaration } from 'ts-morph';
import { declarationOf, usesOf } from './scope.js';

/**
 * A module's own scratch object: `const scratch = new Container();`, made with no arguments, not
 * exported, and only read (`scratch.alpha`), in its file or by a function of its file it is passed to.
 * Nothing hands it another object, so it keeps nothing alive but itself: pixijs keeps a Container so
 * as a parent whose colour and visibility its updates read.
 */
export function isReadOnlyScratch(holder: VariableDeclaration): boolean {
  let answer = answers.get(holder.compilerNode);
  if (answer === undefined) {
    answer = readOnlyScratch(holder);
    answers.set(holder.compilerNode, answer);
  }
  return answer;
}

/** Asked once per holder and child class: a holder's answer walks its file's names, so it is kept. */
const answers = new WeakMap<ts.Node, boolean>();

function readOnlyScratch(holder: VariableDeclaration): boolean {
  const statement = holder.getVariableStatement();
  if (!statement || statement.isExported() || statement.getDeclarationKind() !== VariableDeclarationKind.Const)
    return false;
  const initializer = holder.getInitializer();
  if (!Node.isNewExpression(initializer) || initializer.getArguments().length > 0) return false;
  return usesOf(holder).every((use) => isPropertyRead(use) || isOnlyReadByCallee(use));
}

/** `value.name`, not written (`value.name = …`, `value.name++`, `delete value.name`) and not called. */
function isPropertyRead(use: Node): boolean {
  const access = use.getParent();
  if (!Node.isPropertyAccessExpression(access) || access.getExpression() !== use) return false;
  const outer = access.getParentOrThrow();
  const written =
    (Node.isBinaryExpression(outer) &&
      outer.getLeft() === access &&
      isAssignment(outer.getOperatorToken().getKind())) ||
    (Node.isPrefixUnaryExpression(outer) && INCREMENTS.has(outer.getOperatorToken())) ||
    Node.isPostfixUnaryExpression(outer) ||
    Node.isDeleteExpression(outer);
  const called = Node.isCallExpression(outer) && outer.getExpression() === access;
  return !written && !called;
}

const INCREMENTS = new Set([SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken]);

const isAssignment = (kind: SyntaxKind): boolean =>
  kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;

/** `update(node, scratch)`, where `update` is a function of the same file that only reads that parameter. */
function isOnlyReadByCallee(use: Node): boolean {
  const call = use.getParent();
  if (!Node.isCallExpression(call)) return false;
  const index = call.getArguments().indexOf(use);
  const callee = call.getExpression();
  const declaration = index === -1 || !Node.isIdentifier(callee) ? undefined : declarationOf(callee);
  if (!Node.isFunctionDeclaration(declaration) || !declaration.hasBody()) return false;
  const parameter = declaration.getParameters()[index];
  if (!parameter || parameter.isRestParameter() || !Node.isIdentifier(parameter.getNameNode())) return false;
  return usesOf(parameter).every(isPropertyRead);
}
