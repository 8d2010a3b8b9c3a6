import { Node, SyntaxKind, type Block, type ObjectLiteralElementLike } from 'ts-morph';
import type { TextEdit } from '../finding.js';
import { locationAt } from '../analysis/location.js';
import { methodBody, type OwnerClass } from '../analysis/owners.js';
import { indentationAt, lineEndAt, type CodeStyle } from '../analysis/style.js';

/** Edits that add code to a class the way its author would: placed, indented and terminated like its neighbours. */

/** Inserts the field after the class's leading data properties, or first in the class body. */
export function fieldDeclarationEdit(owner: OwnerClass, declaration: string, style: CodeStyle): TextEdit {
  const point = memberInsertionPoint(owner, style);
  const text = owner.getSourceFile().getFullText();
  const line = `${style.eol}${point.indent}${declaration}${terminator(style, text, point.end)}`;
  return insertAt(owner, point, line, style);
}

/** Inserts members (lines of code, unindented) where a field would go, set off by blank lines. */
export function membersEdit(owner: OwnerClass, lines: readonly string[], style: CodeStyle): TextEdit {
  const point = memberInsertionPoint(owner, style);
  const block = lines.map((line) => (line ? point.indent + line : line)).join(style.eol);
  return insertAt(owner, point, point.afterField ? `${style.eol}${style.eol}${block}` : `${style.eol}${block}`, style);
}

interface InsertionPoint {
  start: number;
  /** Past the white space the edit replaces: the code that follows starts here. */
  end: number;
  indent: string;
  afterField: boolean;
  /** What must follow the inserted code so that the code after it keeps a line of its own, if anything. */
  closing?: string;
}

function insertAt(owner: OwnerClass, point: InsertionPoint, code: string, style: CodeStyle): TextEdit {
  const file = owner.getSourceFile().getFilePath();
  const after = point.closing ?? (point.afterField ? '' : style.eol);
  return { file, start: point.start, end: point.end, text: `${code}${after}` };
}

/**
 * Where a line goes after the code ending at `after`: the end of its line, or, when the block closes on
 * that line (`dispose() { this.a = null; }`), right after it, with the closing brace moved to a line of
 * its own at `closingIndent`.
 */
function lineAfter(
  text: string,
  after: number,
  closeBrace: number,
  closingIndent: string,
  style: CodeStyle,
): { start: number; end: number; closing: string } {
  const lineEnd = lineEndAt(text, after);
  if (lineEnd <= closeBrace) return { start: lineEnd, end: lineEnd, closing: '' };
  return { start: after, end: closeBrace, closing: `${style.eol}${closingIndent}` };
}

/**
 * After the leading run of plain data fields, whose initializers do not reach into the instance (a
 * field set by `this.setup()` may already need the new member), or else first in the class body.
 */
function memberInsertionPoint(owner: OwnerClass, style: CodeStyle): InsertionPoint {
  const text = owner.getSourceFile().getFullText();
  const members = owner.getMembers();
  const isPlainData = (member: Node) =>
    Node.isPropertyDeclaration(member) && !methodBody(member) && !member.getInitializer()?.getText().includes('this');
  const lastData = members
    .slice(
      0,
      firstIndexOrLength(members, (member) => !isPlainData(member)),
    )
    .at(-1);
  const openBrace = owner.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken).getEnd();
  const restOfLine = text.slice(openBrace, lineEndAt(text, openBrace)).trim();
  const sameLine = !lastData && restOfLine !== '' && !restOfLine.startsWith('//');
  const indent = memberIndent(owner, style);
  const classIndent = indentationAt(text, owner.getStart());
  const closeBrace = owner.getEnd() - 1;
  if (lastData) {
    const at = lineAfter(text, lastData.getEnd(), closeBrace, classIndent, style);
    return { ...at, closing: at.closing || undefined, indent, afterField: true };
  }
  if (!sameLine) {
    const at = lineEndAt(text, openBrace);
    return { start: at, end: at, indent, afterField: false };
  }
  // The first member, or the closing brace, shares the line of `{`: it moves to a line of its own.
  const end = openBrace + (text.slice(openBrace).length - text.slice(openBrace).trimStart().length);
  const closing = `${style.eol}${members.length > 0 ? indent : classIndent}`;
  return { start: openBrace, end, indent, afterField: false, closing };
}

/** The indentation of the class's members: its first member's, unless that shares a line with the `{`. */
function memberIndent(owner: OwnerClass, style: CodeStyle): string {
  const text = owner.getSourceFile().getFullText();
  const first = owner.getMembers()[0];
  const openBrace = owner.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken).getEnd();
  const ownLine = first && text.slice(openBrace, first.getStart()).includes('\n');
  return ownLine ? indentationAt(text, first.getStart()) : indentationAt(text, owner.getStart()) + style.indentUnit;
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
    const statement = code + terminator(style, text, second?.getStart() ?? body.getEnd());
    const closingIndent = indentationAt(text, body.getParentOrThrow().getStart());
    const at = lineAfter(text, first.getEnd(), body.getEnd() - 1, closingIndent, style);
    const oneLine = !text.slice(openBrace, first.getStart()).includes('\n');
    const indent = oneLine ? closingIndent + style.indentUnit : indentationAt(text, first.getStart());
    const line = `${style.eol}${indent}${statement}`;
    return { file, start: at.start, end: at.end, text: `${line}${at.closing}` };
  }
  const bodyIndent = indentationAt(text, openBrace) + style.indentUnit;
  const memberIndent = indentationAt(text, body.getParentOrThrow().getStart());

  const statement = code + terminator(style, text, first?.getStart() ?? body.getEnd());
  const lineOf = (position: number) => locationAt(body, position).line;
  const inner = body.getText().slice(1, -1);
  const sameLine = first
    ? lineOf(first.getStart()) === lineOf(openBrace)
    : inner.trim() !== '' && !inner.includes('\n');
  if (sameLine) return { file, start: openBrace + 1, end: openBrace + 1, text: ` ${statement}` };
  if (!first && inner.trim() === '') {
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
export function terminator(style: CodeStyle, text: string, nextCodeFrom: number): string {
  const next = text.slice(nextCodeFrom).trimStart()[0] ?? '';
  return style.semicolon || ('([`+-/*'.includes(next) && next !== '' ? ';' : '');
}

const isSuperCall = (statement: Node): boolean =>
  Node.isExpressionStatement(statement) &&
  Node.isCallExpression(statement.getExpression()) &&
  statement.getExpression().getFirstChild()?.getKind() === SyntaxKind.SuperKeyword;

/** Inserts a method (lines of code, unindented) after `after`, or last in the class, set off by a blank line. */
export function methodEdit(
  owner: OwnerClass,
  after: Node | undefined,
  lines: readonly string[],
  style: CodeStyle,
): TextEdit {
  const text = owner.getSourceFile().getFullText();
  const members = owner.getMembers();
  const anchor = after ?? members.at(-1);
  const indent = memberIndent(owner, style);
  const block = lines.map((line) => (line ? indent + line : line)).join(style.eol);
  const file = owner.getSourceFile().getFilePath();
  if (anchor) {
    const at = lineAfter(text, anchor.getEnd(), owner.getEnd() - 1, indentationAt(text, owner.getStart()), style);
    return { file, start: at.start, end: at.end, text: `${style.eol}${style.eol}${block}${at.closing}` };
  }
  const openBrace = owner.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken).getEnd();
  return {
    file,
    start: openBrace,
    end: owner.getEnd() - 1,
    text: `${style.eol}${block}${style.eol}${indentationAt(text, owner.getStart())}`,
  };
}

/** Inserts `statement` as the last statement of `body`, on its own line, indented like its neighbours. */
export function statementAtEnd(body: Block, code: string, style: CodeStyle): TextEdit {
  const last = body.getStatements().at(-1);
  if (!last) return statementAtStart(body, code, style);
  const text = body.getSourceFile().getFullText();
  const closingIndent = indentationAt(text, body.getParentOrThrow().getStart());
  const at = lineAfter(text, last.getEnd(), body.getEnd() - 1, closingIndent, style);
  const oneLine = !text.slice(body.getStart(), last.getStart()).includes('\n');
  const indent = oneLine ? closingIndent + style.indentUnit : indentationAt(text, last.getStart());
  return {
    file: body.getSourceFile().getFilePath(),
    start: at.start,
    end: at.end,
    text: `${style.eol}${indent}${code}${style.semicolon}${at.closing}`,
  };
}

/** Deletes the statement holding a call, with its line when it stands alone on it. */
export function deleteStatementEdit(call: Node): TextEdit {
  return deleteStatement(call.getParentIfKind(SyntaxKind.ExpressionStatement) ?? call);
}

function deleteStatement(statement: Node): TextEdit {
  const text = statement.getSourceFile().getFullText();
  const file = statement.getSourceFile().getFilePath();
  const parent = statement.getParent();
  // `if (bound) removeEventListener(…)` goes whole when its condition only reads; another sole body becomes `{}`.
  if (Node.isIfStatement(parent) && !parent.getElseStatement() && isPlainRead(parent.getExpression()))
    return deleteStatement(parent);
  const soleBody = parent && !Node.isBlock(parent) && !Node.isSourceFile(parent) && Node.isStatement(statement);
  if (soleBody) return { file, start: statement.getStart(), end: statement.getEnd(), text: '{}' };
  const lineStart = text.lastIndexOf('\n', statement.getStart() - 1) + 1;
  const lineEnd = lineEndAt(text, statement.getEnd());
  const alone =
    text.slice(lineStart, statement.getStart()).trim() === '' && text.slice(statement.getEnd(), lineEnd).trim() === '';
  if (!alone) return { file, start: statement.getStart(), end: statement.getEnd(), text: '' };
  const nextLine = text.indexOf('\n', lineEnd);
  return { file, start: lineStart, end: nextLine === -1 ? text.length : nextLine + 1, text: '' };
}

/** A condition without effects: names, property reads, literals, `!`, comparisons. */
function isPlainRead(condition: Node): boolean {
  const effects = [
    SyntaxKind.CallExpression,
    SyntaxKind.NewExpression,
    SyntaxKind.PostfixUnaryExpression,
    SyntaxKind.AwaitExpression,
  ];
  const assigns = condition
    .getDescendantsOfKind(SyntaxKind.BinaryExpression)
    .some(
      (binary) =>
        binary.getOperatorToken().getText().endsWith('=') &&
        !['==', '===', '!=', '!==', '<=', '>='].includes(binary.getOperatorToken().getText()),
    );
  return !assigns && !effects.some((kind) => condition.getKind() === kind || condition.getFirstDescendantByKind(kind));
}

/** Adds a property to an object literal, on its own line when the literal spans lines. */
export function propertyEdit(
  literal: Node & { getProperties(): Node[] },
  property: string,
  style: CodeStyle,
): TextEdit {
  const sourceFile = literal.getSourceFile();
  const text = sourceFile.getFullText();
  const file = sourceFile.getFilePath();
  const last = literal.getProperties().at(-1);
  if (!last)
    return {
      file,
      start: literal.getStart(),
      end: literal.getEnd(),
      text: `{${style.objectSpace}${property}${style.objectSpace}}`,
    };
  const afterLast = text.slice(last.getEnd(), literal.getEnd() - 1);
  const trailingComma = afterLast.trimStart().startsWith(',');
  const multiline = literal.getText().includes('\n');
  const commaEnd = trailingComma ? last.getEnd() + afterLast.indexOf(',') + 1 : last.getEnd();
  if (multiline) {
    const indent = indentationAt(text, last.getStart());
    return {
      file,
      start: commaEnd,
      end: commaEnd,
      text: `${trailingComma ? '' : ','}${style.eol}${indent}${property}${trailingComma ? ',' : ''}`,
    };
  }
  return { file, start: commaEnd, end: commaEnd, text: trailingComma ? ` ${property},` : `, ${property}` };
}

/**
 * Inserts a member (lines of code, unindented, without a comma) into an object literal before `member`:
 * on lines of its own, indented like it and above its comments, set off by a blank line where the
 * members are; inline when `member` shares its line with other code.
 */
export function objectMemberBeforeEdit(
  member: ObjectLiteralElementLike,
  lines: readonly string[],
  style: CodeStyle,
): TextEdit {
  const text = member.getSourceFile().getFullText();
  const file = member.getSourceFile().getFilePath();
  const start = member.getLeadingCommentRanges()[0]?.getPos() ?? member.getStart();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return { file, start, end: start, text: `${oneLine(lines)}, ` };
  const blankLine = isSetOffByBlankLine(member) ? style.eol : '';
  return {
    file,
    start: lineStart,
    end: lineStart,
    text: `${indentLines(lines, indentationAt(text, start), style)},${style.eol}${blankLine}`,
  };
}

/** Inserts a member (as objectMemberBeforeEdit does) after `member`, keeping the literal's trailing comma, or its absence. */
export function objectMemberAfterEdit(
  member: ObjectLiteralElementLike,
  lines: readonly string[],
  style: CodeStyle,
): TextEdit {
  const text = member.getSourceFile().getFullText();
  const file = member.getSourceFile().getFilePath();
  const comma = member.getNextSiblingIfKind(SyntaxKind.CommaToken);
  const after = comma?.getEnd() ?? member.getEnd();
  const lineEnd = lineEndAt(text, after);
  const restOfLine = text.slice(after, lineEnd).trim();
  if (restOfLine !== '' && !restOfLine.startsWith('//')) {
    return { file, start: after, end: after, text: comma ? ` ${oneLine(lines)},` : `, ${oneLine(lines)}` };
  }
  const blankLine = isSetOffByBlankLine(member) ? style.eol : '';
  const code = `${style.eol}${blankLine}${indentLines(lines, indentationAt(text, member.getStart()), style)}`;
  if (comma) return { file, start: lineEnd, end: lineEnd, text: `${code},` };
  // The comma goes right after the member, before a comment that ends its line.
  return { file, start: after, end: lineEnd, text: `,${text.slice(after, lineEnd)}${code}` };
}

/** Whether a blank line separates an object literal's member from the one before it (or, for the first, after it). */
function isSetOffByBlankLine(member: ObjectLiteralElementLike): boolean {
  const members = member.getParentIfKindOrThrow(SyntaxKind.ObjectLiteralExpression).getProperties();
  const index = members.indexOf(member);
  const [first, second] = index > 0 ? [members[index - 1]!, member] : [member, members[1]];
  return (
    !!second && /\n[ \t]*\r?\n/.test(member.getSourceFile().getFullText().slice(first.getEnd(), second.getStart()))
  );
}

const indentLines = (lines: readonly string[], indent: string, style: CodeStyle): string =>
  lines.map((line) => (line ? indent + line : line)).join(style.eol);

const oneLine = (lines: readonly string[]): string => lines.map((line) => line.trim()).join(' ');
