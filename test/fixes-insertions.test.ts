import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Block, Node, Project, type SourceFile, SyntaxKind } from 'ts-morph';
import { type CodeStyle, detectStyle } from '../src/analysis/style.js';
import type { TextEdit } from '../src/finding.js';
import {
  deleteStatementEdit,
  fieldDeclarationEdit,
  membersEdit,
  methodEdit,
  propertyEdit,
  statementAtEnd,
  statementAtStart,
} from '../src/fixes/insertions.js';
import { splice } from '../src/splice.js';

/** The file's text after the edit `build` makes on it, in the file's own style. */
function edited(code: string, build: (file: SourceFile, style: CodeStyle) => TextEdit): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  });
  const file = project.createSourceFile('/src/panel.ts', code);
  const edit = build(file, detectStyle(file));
  assert.equal(edit.file, file.getFilePath());
  return splice(file.getFullText(), [edit]);
}

const lines = (...code: string[]) => `${code.join('\n')}\n`;
const crlf = (...code: string[]) => `${code.join('\r\n')}\r\n`;

/** The body of the method (or constructor) named `name`. */
function bodyOf(file: SourceFile, name: string): Block {
  const member = file
    .getDescendants()
    .find(
      (node) =>
        (Node.isConstructorDeclaration(node) && name === 'constructor') ||
        (Node.isMethodDeclaration(node) && node.getName() === name),
    );
  const body = member && (member as Node & { getBody(): Node | undefined }).getBody();
  assert.ok(body && Node.isBlock(body), `a body for ${name}`);
  return body;
}

const firstClass = (file: SourceFile) => file.getFirstDescendantByKindOrThrow(SyntaxKind.ClassDeclaration);

const FIELD = 'readonly controller = new AbortController()';

describe('fieldDeclarationEdit(): a field after the leading data fields, or first', () => {
  const cases: [name: string, code: string, expected: string][] = [
    [
      'after the data fields, two spaces',
      lines('class Panel {', '  el = document.body;', '  constructor() {}', '}'),
      lines('class Panel {', '  el = document.body;', `  ${FIELD};`, '  constructor() {}', '}'),
    ],
    [
      'a field whose initializer reads the instance ends the run',
      lines('class Panel {', '  a = 1;', '  b = this.a;', '}'),
      lines('class Panel {', '  a = 1;', `  ${FIELD};`, '  b = this.a;', '}'),
    ],
    [
      'first in the class, tabs, set off by a blank line',
      lines('class Panel {', '\tconstructor() {}', '}'),
      lines('class Panel {', `\t${FIELD};`, '', '\tconstructor() {}', '}'),
    ],
    [
      'no semicolons',
      lines('class Panel {', '  el = document.body', '  open() {}', '}'),
      lines('class Panel {', '  el = document.body', `  ${FIELD}`, '  open() {}', '}'),
    ],
    [
      'no semicolons, before a line that would join it',
      lines('class Panel {', "  ['open']() {", '    this.layout()', '  }', '}'),
      lines('class Panel {', `  ${FIELD};`, '', "  ['open']() {", '    this.layout()', '  }', '}'),
    ],
    [
      'CRLF, four spaces',
      crlf('class Panel {', '    el = document.body;', '    open() {}', '}'),
      crlf('class Panel {', '    el = document.body;', `    ${FIELD};`, '    open() {}', '}'),
    ],
    [
      'a nested class is indented from its own line',
      lines('function make() {', '  return class {', '    open() {}', '  };', '}'),
      lines('function make() {', '  return class {', `    ${FIELD};`, '', '    open() {}', '  };', '}'),
    ],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => {
      const result = edited(code, (file, style) => {
        const owner =
          file.getFirstDescendantByKind(SyntaxKind.ClassDeclaration) ??
          file.getFirstDescendantByKindOrThrow(SyntaxKind.ClassExpression);
        return fieldDeclarationEdit(owner, FIELD, style);
      });
      assert.equal(result, expected);
    });
  }
});

describe('membersEdit(): members where a field would go, set off by blank lines', () => {
  const MEMBERS = ['onResize = () => {', '  this.layout();', '};'];
  const cases: [name: string, code: string, members: string[], expected: string][] = [
    [
      'after the data fields',
      lines('class Panel {', '  el = document.body;', '', '  layout() {}', '}'),
      MEMBERS,
      lines(
        'class Panel {',
        '  el = document.body;',
        '',
        '  onResize = () => {',
        '    this.layout();',
        '  };',
        '',
        '  layout() {}',
        '}',
      ),
    ],
    [
      'first in the class, tabs',
      lines('class Panel {', '\tlayout() {}', '}'),
      MEMBERS,
      lines('class Panel {', '\tonResize = () => {', '\t  this.layout();', '\t};', '', '\tlayout() {}', '}'),
    ],
    [
      'blank lines stay empty, CRLF',
      crlf('class Panel {', '    layout() {}', '}'),
      ['a = 1;', '', 'b = 2;'],
      crlf('class Panel {', '    a = 1;', '', '    b = 2;', '', '    layout() {}', '}'),
    ],
  ];
  for (const [name, code, members, expected] of cases) {
    it(name, () => {
      assert.equal(
        edited(code, (file, style) => membersEdit(firstClass(file), members, style)),
        expected,
      );
    });
  }
});

describe('statementAtStart(): the first statement of a body', () => {
  const STATEMENT = 'const { signal } = this.controller';
  const cases: [name: string, code: string, member: string, expected: string][] = [
    [
      'before the first statement',
      lines('class Panel {', '  open() {', '    this.layout();', '  }', '}'),
      'open',
      lines('class Panel {', '  open() {', `    ${STATEMENT};`, '    this.layout();', '  }', '}'),
    ],
    [
      'after super()',
      lines('class Panel extends EventTarget {', '  constructor() {', '    super();', '    this.layout();', '  }', '}'),
      'constructor',
      lines(
        'class Panel extends EventTarget {',
        '  constructor() {',
        '    super();',
        `    ${STATEMENT};`,
        '    this.layout();',
        '  }',
        '}',
      ),
    ],
    [
      'an empty body opens up, tabs',
      lines('class Panel {', '\topen() {}', '}'),
      'open',
      lines('class Panel {', '\topen() {', `\t\t${STATEMENT};`, '\t}', '}'),
    ],
    [
      'a one-line body stays on its line',
      lines('class Panel {', '  open() { this.layout(); }', '}'),
      'open',
      lines('class Panel {', `  open() { ${STATEMENT}; this.layout(); }`, '}'),
    ],
    [
      'a body holding only a comment',
      lines('class Panel {', '  open() {', '    // later', '  }', '}'),
      'open',
      lines('class Panel {', '  open() {', `    ${STATEMENT};`, '    // later', '  }', '}'),
    ],
    [
      'no semicolons',
      lines('class Panel {', '  open() {', '    this.layout()', '  }', '}'),
      'open',
      lines('class Panel {', '  open() {', `    ${STATEMENT}`, '    this.layout()', '  }', '}'),
    ],
    [
      'no semicolons, before a line starting with (',
      lines('class Panel {', '  open() {', '    (this as any).layout()', '  }', '}'),
      'open',
      lines('class Panel {', '  open() {', `    ${STATEMENT};`, '    (this as any).layout()', '  }', '}'),
    ],
    [
      'CRLF',
      crlf('class Panel {', '  open() {', '    this.layout();', '  }', '}'),
      'open',
      crlf('class Panel {', '  open() {', `    ${STATEMENT};`, '    this.layout();', '  }', '}'),
    ],
  ];
  for (const [name, code, member, expected] of cases) {
    it(name, () => {
      assert.equal(
        edited(code, (file, style) => statementAtStart(bodyOf(file, member), STATEMENT, style)),
        expected,
      );
    });
  }

  it('no semicolons, before a template literal: it gets one', () => {
    const code = lines('class Panel {', '  open() {', '    `panel`.trim()', '    this.layout()', '  }', '}');
    assert.equal(
      edited(code, (file, style) => statementAtStart(bodyOf(file, 'open'), STATEMENT, style)),
      lines('class Panel {', '  open() {', `    ${STATEMENT};`, '    `panel`.trim()', '    this.layout()', '  }', '}'),
    );
  });
});

describe('statementAtEnd(): the last statement of a body', () => {
  const STATEMENT = 'this.controller.abort()';
  const cases: [name: string, code: string, expected: string][] = [
    [
      'after the last statement',
      lines('class Panel {', '  dispose() {', '    this.a = null;', '    this.b = null;', '  }', '}'),
      lines(
        'class Panel {',
        '  dispose() {',
        '    this.a = null;',
        '    this.b = null;',
        `    ${STATEMENT};`,
        '  }',
        '}',
      ),
    ],
    [
      'tabs',
      lines('class Panel {', '\tdispose() {', '\t\tthis.a = null;', '\t}', '}'),
      lines('class Panel {', '\tdispose() {', '\t\tthis.a = null;', `\t\t${STATEMENT};`, '\t}', '}'),
    ],
    [
      'no semicolons',
      lines('class Panel {', '  dispose() {', '    this.a = null', '  }', '}'),
      lines('class Panel {', '  dispose() {', '    this.a = null', `    ${STATEMENT}`, '  }', '}'),
    ],
    [
      'CRLF',
      crlf('class Panel {', '  dispose() {', '    this.a = null;', '  }', '}'),
      crlf('class Panel {', '  dispose() {', '    this.a = null;', `    ${STATEMENT};`, '  }', '}'),
    ],
    [
      'an empty body',
      lines('class Panel {', '  dispose() {}', '}'),
      lines('class Panel {', '  dispose() {', `    ${STATEMENT};`, '  }', '}'),
    ],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => {
      assert.equal(
        edited(code, (file, style) => statementAtEnd(bodyOf(file, 'dispose'), STATEMENT, style)),
        expected,
      );
    });
  }
});

describe('methodEdit(): a method after a member, or last', () => {
  const METHOD = ['disconnectedCallback() {', '  this.controller.abort();', '}'];
  const cases: [name: string, code: string, after: string | undefined, expected: string][] = [
    [
      'after its setup',
      lines('class Panel {', '  connectedCallback() {}', '  render() {}', '}'),
      'connectedCallback',
      lines(
        'class Panel {',
        '  connectedCallback() {}',
        '',
        '  disconnectedCallback() {',
        '    this.controller.abort();',
        '  }',
        '  render() {}',
        '}',
      ),
    ],
    [
      'last in the class, tabs',
      lines('class Panel {', '\trender() {}', '}'),
      undefined,
      lines(
        'class Panel {',
        '\trender() {}',
        '',
        '\tdisconnectedCallback() {',
        '\t  this.controller.abort();',
        '\t}',
        '}',
      ),
    ],
    [
      'in an empty class',
      lines('class Panel {}'),
      undefined,
      lines('class Panel {', '  disconnectedCallback() {', '    this.controller.abort();', '  }', '}'),
    ],
    [
      'CRLF, four spaces',
      crlf('class Panel {', '    render() {', '        return 1;', '    }', '}'),
      undefined,
      crlf(
        'class Panel {',
        '    render() {',
        '        return 1;',
        '    }',
        '',
        '    disconnectedCallback() {',
        '      this.controller.abort();',
        '    }',
        '}',
      ),
    ],
  ];
  for (const [name, code, after, expected] of cases) {
    it(name, () => {
      assert.equal(
        edited(code, (file, style) => {
          const owner = firstClass(file);
          const anchor = after === undefined ? undefined : owner.getMethodOrThrow(after);
          return methodEdit(owner, anchor, METHOD, style);
        }),
        expected,
      );
    });
  }
});

describe('deleteStatementEdit(): the statement holding a call goes', () => {
  const removal = "window.removeEventListener('resize', this.onResize)";
  const cases: [name: string, code: string, expected: string][] = [
    [
      'a statement alone on its line goes with its line',
      lines('class Panel {', '  close() {', '    this.a = null;', `    ${removal};`, '    this.b = null;', '  }', '}'),
      lines('class Panel {', '  close() {', '    this.a = null;', '    this.b = null;', '  }', '}'),
    ],
    [
      'CRLF',
      crlf('class Panel {', '  close() {', `    ${removal};`, '    this.b = null;', '  }', '}'),
      crlf('class Panel {', '  close() {', '    this.b = null;', '  }', '}'),
    ],
    ['the last line of a file without a line break', `this.a = null;\n${removal};`, 'this.a = null;\n'],
    [
      'an if that only reads its condition goes whole',
      lines('class Panel {', '  close() {', `    if (this.bound) ${removal};`, '    this.b = null;', '  }', '}'),
      lines('class Panel {', '  close() {', '    this.b = null;', '  }', '}'),
    ],
    [
      'an if whose condition has effects keeps them',
      lines('class Panel {', '  close() {', `    if (this.unbind()) ${removal};`, '  }', '}'),
      lines('class Panel {', '  close() {', '    if (this.unbind()) {}', '  }', '}'),
    ],
    [
      'an if with an else keeps its shape',
      lines('class Panel {', '  close() {', `    if (this.bound) ${removal};`, '    else this.b = null;', '  }', '}'),
      lines('class Panel {', '  close() {', '    if (this.bound) {}', '    else this.b = null;', '  }', '}'),
    ],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => {
      assert.equal(
        edited(code, (file) => {
          const call = file
            .getDescendantsOfKind(SyntaxKind.CallExpression)
            .find((candidate) => candidate.getText() === removal);
          assert.ok(call);
          return deleteStatementEdit(call);
        }),
        expected,
      );
    });
  }
});

describe('propertyEdit(): a property added to an object literal', () => {
  const cases: [name: string, code: string, expected: string][] = [
    ['an empty literal', 'const options = {};\n', 'const options = { signal };\n'],
    [
      'an empty literal in a file of tight literals',
      'const a = {once: true};\nconst options = {};\n',
      'const a = {once: true};\nconst options = {signal};\n',
    ],
    ['one line', 'const options = { passive: true };\n', 'const options = { passive: true, signal };\n'],
    [
      'one line with a trailing comma',
      'const options = { passive: true, };\n',
      'const options = { passive: true, signal, };\n',
    ],
    [
      'multi-line',
      lines('const options = {', '  passive: true', '};'),
      lines('const options = {', '  passive: true,', '  signal', '};'),
    ],
    [
      'multi-line with a trailing comma, tabs',
      lines('const options = {', '\tpassive: true,', '};'),
      lines('const options = {', '\tpassive: true,', '\tsignal,', '};'),
    ],
    [
      'multi-line, CRLF',
      crlf('const options = {', '  passive: true', '};'),
      crlf('const options = {', '  passive: true,', '  signal', '};'),
    ],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => {
      assert.equal(
        edited(code, (file, style) => {
          const literals = file.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression);
          return propertyEdit(literals.at(-1)!, 'signal', style);
        }),
        expected,
      );
    });
  }
});

describe('code on one line: the insertion stays inside its class or body', () => {
  const cases: {
    name: string;
    code: string;
    build: (file: SourceFile, style: CodeStyle) => TextEdit;
    expected: string;
  }[] = [
    {
      name: 'a field after a data field of a one-line class',
      code: 'class Panel { x = 1 }\n',
      build: (file, style) => fieldDeclarationEdit(firstClass(file), 'c = 1', style),
      expected: 'class Panel { x = 1\n  c = 1\n}\n',
    },
    {
      name: 'a field in an empty one-line class, the brace back at the class indent',
      code: '\tclass Panel {}\n',
      build: (file, style) => fieldDeclarationEdit(firstClass(file), 'c = 1', style),
      expected: '\tclass Panel {\n\t\tc = 1;\n\t}\n',
    },
    {
      name: 'a statement at the end of a one-line method body',
      code: 'class Panel {\n  dispose() { this.a = null; }\n}\n',
      build: (file, style) => statementAtEnd(bodyOf(file, 'dispose'), 'this.c.abort()', style),
      expected: 'class Panel {\n  dispose() { this.a = null;\n    this.c.abort();\n  }\n}\n',
    },
    {
      name: 'a statement after super() in a one-line constructor',
      code: 'class P extends Q {\n  constructor() { super(); this.x(); }\n}\n',
      build: (file, style) => statementAtStart(bodyOf(file, 'constructor'), 'this.y = 1', style),
      expected: 'class P extends Q {\n  constructor() { super();\n    this.y = 1;\n  }\n}\n',
    },
    {
      name: 'a method last in a one-line class',
      code: 'class Panel { render() {} }\n',
      build: (file, style) => methodEdit(firstClass(file), undefined, ['dispose() {}'], style),
      expected: 'class Panel { render() {}\n\n  dispose() {}\n}\n',
    },
  ];
  for (const { name, code, build, expected } of cases) {
    it(name, () => assert.equal(edited(code, build), expected));
  }
});
