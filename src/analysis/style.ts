import { ts, type SourceFile } from 'ts-morph';
import type { ProjectFacts } from '../project-facts.js';

/** How the file is written, so that inserted code looks like its neighbours. */
export interface CodeStyle {
  eol: string;
  semicolon: string;
  indentUnit: string;
  usesPrivateNames: boolean;
  isTypeScript: boolean;
  /** The space inside the braces of a one-line object literal: `{ a }` or `{a}`. */
  objectSpace: string;
  /** The line width the project's formatter keeps to, when one says; inserted code wraps to stay within it. */
  printWidth?: number;
}

const styles = new WeakMap<ts.SourceFile, CodeStyle>();

/** The file's style, with the print width of the project's formatter when the facts of the project tell it. */
export function styleOf(sourceFile: SourceFile, facts: ProjectFacts | undefined): CodeStyle {
  const printWidth = facts?.printWidth(sourceFile.getFilePath());
  return printWidth === undefined ? detectStyle(sourceFile) : { ...detectStyle(sourceFile), printWidth };
}

/** The file's style, read once per version of its text. */
export function detectStyle(sourceFile: SourceFile): CodeStyle {
  let style = styles.get(sourceFile.compilerNode);
  if (!style) {
    style = readStyle(sourceFile);
    styles.set(sourceFile.compilerNode, style);
  }
  return style;
}

function readStyle(sourceFile: SourceFile): CodeStyle {
  const text = sourceFile.getFullText();
  const counts: StyleCounts = { withSemicolon: 0, without: 0, privateNames: 0, spacedObjects: 0, tightObjects: 0 };
  countStyleMarkers(sourceFile.compilerNode, sourceFile.compilerNode, counts);
  return {
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    semicolon: counts.withSemicolon >= counts.without ? ';' : '',
    indentUnit: detectIndentUnit(text),
    usesPrivateNames: counts.privateNames > 0,
    isTypeScript: !/\.[cm]?jsx?$/.test(sourceFile.getFilePath()),
    objectSpace: counts.tightObjects > counts.spacedObjects ? '' : ' ',
  };
}

interface StyleCounts {
  withSemicolon: number;
  without: number;
  privateNames: number;
  spacedObjects: number;
  tightObjects: number;
}

/** Walks the raw TypeScript tree: ts-morph would wrap every node, which costs more than the walk. */
function countStyleMarkers(node: ts.Node, file: ts.SourceFile, counts: StyleCounts): void {
  const text = file.text;
  if (ts.isPrivateIdentifier(node)) counts.privateNames++;
  if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isPropertyDeclaration(node)) {
    if (text[node.end - 1] === ';') counts.withSemicolon++;
    else counts.without++;
  }
  if (ts.isObjectLiteralExpression(node) && node.properties.length > 0) {
    const literal = text.slice(node.getStart(file), node.end);
    if (!literal.includes('\n')) counts[literal[1] === ' ' ? 'spacedObjects' : 'tightObjects']++;
  }
  ts.forEachChild(node, (child) => countStyleMarkers(child, file, counts));
}

/** The most common step between the indentation of consecutive indented lines; two spaces when unclear. */
function detectIndentUnit(text: string): string {
  if (/^\t/m.test(text)) return '\t';
  const counts = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('*')) continue;
    const width = line.length - line.trimStart().length;
    const step = width - previous;
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
    previous = width;
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return ' '.repeat(best?.[0] ?? 2);
}

/** The leading white space of the line `position` is on. */
export function indentationAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The offset of the end of the line `position` is on, before its line break. */
export function lineEndAt(text: string, position: number): number {
  const newline = text.indexOf('\n', position);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}
