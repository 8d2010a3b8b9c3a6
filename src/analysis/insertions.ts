import { Node, SyntaxKind, type Block } from 'ts-morph';
import type { TextEdit } from '../finding.js';
import { methodBody, type OwnerClass } from './owners.js';
import { indentationAt, lineEndAt, type CodeStyle } from './style.js';

/** Edits that add code to a class the way its author would: placed, indented and terminated like its neighbours. */

/** Inserts the field after the class's leading data properties, or first in the class body. */
export function fieldDeclarationEdit(owner: OwnerClass, declaration: string, style: CodeStyle): TextEdit {
  const { at, indent, afterField } = memberInsertionPoint(owner, style);
  const text = owner.getSourceFile().getFullText();
  const line = `${style.eol}${indent}${declaration}${terminator(style, text, at)}`;
  return { file: owner.getSourceFile().getFilePath(), start: at, end: at, text: afterField ? line : `${line}${style.eol}` };
}

/** Inserts members (lines of code, unindented) where a field would go, set off by blank lines. */
export function membersEdit(owner: OwnerClass, lines: readonly string[], style: CodeStyle): TextEdit {
  const { at, indent, afterField } = memberInsertionPoint(owner, style);
  const block = lines.map((line) => (line ? indent + line : line)).join(style.eol);
  const text = afterField ? `${style.eol}${style.eol}${block}` : `${style.eol}${block}${style.eol}`;
  return { file: owner.getSourceFile().getFilePath(), start: at, end: at, text };
}

function memberInsertionPoint(owner: OwnerClass, style: CodeStyle): { at: number; indent: string; afterField: boolean } {
  const text = owner.getSourceFile().getFullText();
  const members = owner.getMembers();
  const leadingProperties = members.slice(0, firstIndexOrLength(members, (m) => !Node.isPropertyDeclaration(m)));
  const lastData = leadingProperties.filter((p) => !methodBody(p)).at(-1);
  const indent = members[0] ? indentationAt(text, members[0].getStart()) : indentationAt(text, owner.getStart()) + style.indentUnit;
  const at = lineEndAt(text, lastData ? lastData.getEnd() : owner.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken).getEnd());
  return { at, indent, afterField: !!lastData };
}

function firstIndexOrLength<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  const index = items.findIndex(predicate);
  return index === -1 ? items.length : index;
}

/**
 * Inserts `statement` as the first statement of `body` (after a `super(...)` call, which must come
 * first), on its own line, indented like its neighbours.
 */
export function statementAtStart(body: Block, code: string, style: CodeStyle): TextEdit {
  const sourceFile = body.getSourceFile();
  const text = sourceFile.getFullText();
  const file = sourceFile.getFilePath();
  const openBrace = body.getStart();
  const [first, second] = body.getStatements();
  if (first && isSuperCall(first)) {
    const at = lineEndAt(text, first.getEnd());
    const statement = code + terminator(style, text, second?.getStart() ?? body.getEnd());
    return { file, start: at, end: at, text: `${style.eol}${indentationAt(text, first.getStart())}${statement}` };
  }
  const bodyIndent = indentationAt(text, openBrace) + style.indentUnit;
  const memberIndent = indentationAt(text, body.getParentOrThrow().getStart());

  const statement = code + terminator(style, text, first?.getStart() ?? body.getEnd());
  if (first && sourceFile.getLineAndColumnAtPos(first.getStart()).line === sourceFile.getLineAndColumnAtPos(openBrace).line) {
    return { file, start: openBrace + 1, end: openBrace + 1, text: ` ${statement}` };
  }
  if (!first && body.getText().slice(1, -1).trim() === '') {
    const replacement = `{${style.eol}${memberIndent + style.indentUnit}${statement}${style.eol}${indentationAt(text, body.getEnd() - 1)}}`;
    return { file, start: openBrace, end: body.getEnd(), text: replacement };
  }
  const indent = first ? indentationAt(text, first.getStart()) : bodyIndent;
  const at = lineEndAt(text, openBrace + 1);
  return { file, start: at, end: at, text: `${style.eol}${indent}${statement}` };
}

/**
 * The file's statement terminator, except that code written without semicolons still needs one
 * before a line starting with `(`, `[`, a template or an operator, or the two lines would join.
 */
function terminator(style: CodeStyle, text: string, nextCodeFrom: number): string {
  const next = text.slice(nextCodeFrom).trimStart()[0] ?? '';
  return style.semicolon || ('([`+-/*'.includes(next) && next !== '' ? ';' : '');
}


const isSuperCall = (statement: Node): boolean =>
  Node.isExpressionStatement(statement) &&
  Node.isCallExpression(statement.getExpression()) &&
  statement.getExpression().getFirstChild()?.getKind() === SyntaxKind.SuperKeyword;
