import { Node, type SourceFile } from 'ts-morph';

/** How the file is written, so that inserted code looks like its neighbours. */
export interface CodeStyle {
  eol: string;
  semicolon: string;
  indentUnit: string;
  usesPrivateNames: boolean;
  isTypeScript: boolean;
}

export function detectStyle(sourceFile: SourceFile): CodeStyle {
  const text = sourceFile.getFullText();
  return {
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    semicolon: usesSemicolons(sourceFile) ? ';' : '',
    indentUnit: detectIndentUnit(text),
    usesPrivateNames: sourceFile.getDescendants().some((node) => Node.isPrivateIdentifier(node)),
    isTypeScript: !/\.[cm]?jsx?$/.test(sourceFile.getFilePath()),
  };
}

function usesSemicolons(sourceFile: SourceFile): boolean {
  let withSemicolon = 0;
  let without = 0;
  sourceFile.forEachDescendant((node) => {
    if (Node.isExpressionStatement(node) || Node.isVariableStatement(node) || Node.isPropertyDeclaration(node)) {
      if (node.getText().endsWith(';')) withSemicolon++;
      else without++;
    }
  });
  return withSemicolon >= without;
}

/** The most common step between the indentation of consecutive indented lines; two spaces when unclear. */
function detectIndentUnit(text: string): string {
  if (/^\t/m.test(text)) return '\t';
  const counts = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
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
