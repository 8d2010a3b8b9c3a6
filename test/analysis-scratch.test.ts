import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Project } from 'ts-morph';
import { isReadOnlyScratch } from '../src/analysis/scratch.js';

const CLASS = 'class Node { parent: Node | null = null; visible = true; count = 0; show(): void {} }\n';

/** Whether `scratch`, declared in `text` after the Node class, is a read-only scratch object. */
function scratchIn(text: string): boolean {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const file = project.createSourceFile('/src/scratch.ts', CLASS + text);
  return isReadOnlyScratch(file.getVariableDeclarationOrThrow('scratch'));
}

describe('isReadOnlyScratch(): a module-private object that nothing hands another', () => {
  const cases: [string, string, boolean][] = [
    ['only read', 'const scratch = new Node();\nexport const seen = () => scratch.visible && !scratch.count;', true],
    [
      'passed to a function of the file that only reads it',
      'const scratch = new Node();\nfunction depth(node: Node, parent: Node) { return parent.count + node.count; }\n' +
        'export const measure = (node: Node) => depth(node, scratch);',
      true,
    ],
    ['exported', 'export const scratch = new Node();', false],
    [
      'a let, which may be given another object',
      'let scratch = new Node();\nexport const seen = () => scratch.visible;',
      false,
    ],
    [
      'made with arguments',
      'const scratch = new (Node as any)(null);\nexport const seen = () => scratch.visible;',
      false,
    ],
    [
      'a property written',
      'const scratch = new Node();\nexport const adopt = (parent: Node) => { scratch.parent = parent; };',
      false,
    ],
    ['a property counted up', 'const scratch = new Node();\nexport const tick = () => scratch.count++;', false],
    [
      'a method called, which may set fields',
      'const scratch = new Node();\nexport const show = () => scratch.show();',
      false,
    ],
    [
      'passed to a function of the file that writes to it',
      'const scratch = new Node();\nfunction adopt(child: Node, parent: Node) { child.parent = parent; }\n' +
        'export const attach = (parent: Node) => adopt(scratch, parent);',
      false,
    ],
    [
      'passed to a function of the file that passes it on',
      'const scratch = new Node();\nconst kept: Node[] = [];\nfunction keep(node: Node) { kept.push(node); }\n' +
        'export const hold = () => keep(scratch);',
      false,
    ],
    [
      'passed to a function from elsewhere',
      'declare function keep(node: Node): void;\nconst scratch = new Node();\nexport const hold = () => keep(scratch);',
      false,
    ],
    ['stored in another value', 'const scratch = new Node();\nexport const all = [scratch];', false],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(scratchIn(text), expected));
  }
});
