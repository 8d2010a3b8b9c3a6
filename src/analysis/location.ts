import type { Node } from 'ts-morph';

/**
 * The 1-based line and column where a node's code starts. TypeScript's own line map is cached per
 * file; ts-morph's getLineAndColumnAtPos scans from the start of the file on every call.
 */
export function locationOf(node: Node): { line: number; column: number } {
  return locationAt(node, node.getStart());
}

export function locationAt(nodeInFile: Node, position: number): { line: number; column: number } {
  const { line, character } = nodeInFile.getSourceFile().compilerNode.getLineAndCharacterOfPosition(position);
  return { line: line + 1, column: character + 1 };
}
