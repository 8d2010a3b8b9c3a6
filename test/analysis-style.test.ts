import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Project } from 'ts-morph';
import { type CodeStyle, detectStyle, indentationAt, lineEndAt } from '../src/analysis/style.js';

function styleOf(code: string, path = '/src/panel.ts'): CodeStyle {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { allowJs: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  });
  return detectStyle(project.createSourceFile(path, code));
}

const lines = (...code: string[]) => `${code.join('\n')}\n`;

const TWO_SPACES = lines(
  'export class Panel {',
  '  el = document.body;',
  '  open() {',
  "    this.el.addEventListener('click', () => {});",
  '  }',
  '}',
);

/** The style of TWO_SPACES; each case states how its own file differs. */
const BASE: CodeStyle = {
  eol: '\n',
  semicolon: ';',
  indentUnit: '  ',
  usesPrivateNames: false,
  isTypeScript: true,
  objectSpace: ' ',
};

describe('detectStyle(): how the file is written', () => {
  const cases: [name: string, code: string, path: string, expected: Partial<CodeStyle>][] = [
    ['two spaces, semicolons, LF, TypeScript', TWO_SPACES, '/src/panel.ts', {}],
    [
      'tabs',
      lines('export class Panel {', '\tel = document.body;', '\topen() {', '\t\tthis.el.focus();', '\t}', '}'),
      '/src/panel.ts',
      { indentUnit: '\t' },
    ],
    [
      'four spaces',
      lines(
        'export class Panel {',
        '    el = document.body;',
        '    open() {',
        '        this.el.focus();',
        '    }',
        '}',
      ),
      '/src/panel.ts',
      { indentUnit: '    ' },
    ],
    [
      'four spaces with JSDoc comments, whose `*` lines do not count',
      lines(
        'export class Panel {',
        '    /**',
        '     * The element.',
        '     */',
        '    el = document.body;',
        '    /**',
        '     * The target.',
        '     */',
        '    target = window;',
        '    /**',
        '     * Opens it.',
        '     */',
        '    open() {',
        '        this.el.focus();',
        '    }',
        '}',
      ),
      '/src/panel.ts',
      { indentUnit: '    ' },
    ],
    ['nothing indented: two spaces', lines('const a = 1;', 'const b = 2;'), '/src/panel.ts', {}],
    [
      'no semicolons',
      lines('export class Panel {', '  el = document.body', '  open() {', '    this.el.focus()', '  }', '}'),
      '/src/panel.ts',
      { semicolon: '' },
    ],
    [
      'mostly no semicolons',
      lines('const a = 1', 'const b = 2', 'const c = 3;', 'use(a, b, c)'),
      '/src/panel.ts',
      { semicolon: '' },
    ],
    ['as many with as without: semicolons', lines('const a = 1', 'const b = 2;'), '/src/panel.ts', {}],
    ['CRLF', TWO_SPACES.replaceAll('\n', '\r\n'), '/src/panel.ts', { eol: '\r\n' }],
    ['JavaScript', TWO_SPACES, '/src/panel.js', { isTypeScript: false }],
    ['an ES module in JavaScript', TWO_SPACES, '/src/panel.mjs', { isTypeScript: false }],
    ['JSX', TWO_SPACES, '/src/panel.jsx', { isTypeScript: false }],
    ['TSX', TWO_SPACES, '/src/panel.tsx', {}],
    [
      'private names',
      lines('export class Panel {', '  #el = document.body;', '  open() {', '    this.#el.focus();', '  }', '}'),
      '/src/panel.ts',
      { usesPrivateNames: true },
    ],
    [
      'tight object literals',
      lines('const a = {passive: true};', 'const b = {capture: true, once: true};'),
      '/src/panel.ts',
      { objectSpace: '' },
    ],
    [
      'multi-line and empty literals do not count',
      lines('const a = {', '  passive: true,', '};', 'const b = {};', 'const c = {once: true};'),
      '/src/panel.ts',
      { objectSpace: '' },
    ],
  ];
  for (const [name, code, path, differences] of cases) {
    it(name, () => {
      assert.deepEqual(styleOf(code, path), { ...BASE, ...differences });
    });
  }
});

describe('indentationAt(): the leading white space of the line', () => {
  const text = 'class A {\n\t\tm() {}\n    n() {}\r\n  }';
  const cases: [name: string, position: number, expected: string][] = [
    ['the first line', 3, ''],
    ['tabs, from a position mid-line', text.indexOf('m()') + 2, '\t\t'],
    ['tabs, from the start of the line', text.indexOf('\t'), '\t\t'],
    ['spaces, after a CRLF line', text.indexOf('}', text.indexOf('\r\n')), '  '],
    ['spaces', text.indexOf('n()'), '    '],
  ];
  for (const [name, position, expected] of cases) {
    it(`${name} → ${JSON.stringify(expected)}`, () => {
      assert.equal(indentationAt(text, position), expected);
    });
  }
});

describe('lineEndAt(): the end of the line, before its line break', () => {
  const text = 'a = 1;\nb = 2;\r\nc = 3;';
  const cases: [name: string, position: number, expected: number][] = [
    ['an LF line', 2, 6],
    ['a CRLF line ends before the \\r', text.indexOf('b'), text.indexOf('\r')],
    ['from the line break itself', 6, 6],
    ['the last line, without a break', text.indexOf('c'), text.length],
  ];
  for (const [name, position, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(lineEndAt(text, position), expected);
    });
  }
});
