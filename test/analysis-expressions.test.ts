import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Expression, Project, SyntaxKind } from 'ts-morph';
import { chainRoot, expressionKey, skipOuterExpressions, thisAssignments } from '../src/analysis/expressions.js';
import { freeName } from '../src/analysis/names.js';

function fileOf(code: string) {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  });
  return project.createSourceFile('/src/panel.ts', `declare function use(value: unknown): void;\n${code}\n`);
}

/** The argument of the last `use(…)` call in `code`. */
function usedIn(code: string): Expression {
  const call = fileOf(code)
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((candidate) => candidate.getExpression().getText() === 'use')
    .at(-1);
  assert.ok(call, 'a use(…) call');
  return call.getArguments()[0] as Expression;
}

describe('skipOuterExpressions(): the expression inside parentheses, casts and assertions', () => {
  const cases: [name: string, code: string, expected: string][] = [
    ['parentheses', 'declare const el: Element;\nuse(((el)));', 'el'],
    ['an `as` cast', 'declare const el: unknown;\nuse(el as Element);', 'el'],
    ['a non-null assertion', 'declare const el: Element | null;\nuse(el!);', 'el'],
    ['satisfies', 'const options = { passive: true };\nuse(options satisfies object);', 'options'],
    ['an angle-bracket assertion', 'declare const el: unknown;\nuse(<Element>el);', 'el'],
    [
      'all of them nested',
      'class Panel {\n  el?: unknown;\n  m() {\n    use(((this.el as Element)! satisfies Element));\n  }\n}',
      'this.el',
    ],
    [
      'a cast inside a property access stays',
      'declare const host: unknown;\nuse((host as { el: Element }).el);',
      '(host as { el: Element }).el',
    ],
    ['a call is not unwrapped', 'declare const el: Element;\nuse((el.cloneNode() as Element));', 'el.cloneNode()'],
  ];
  for (const [name, code, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(skipOuterExpressions(usedIn(code)).getText(), expected);
    });
  }
});

describe('chainRoot(): where a property chain starts', () => {
  const cases: [name: string, code: string, expected: string][] = [
    ['a name', 'declare const el: Element;\nuse(el);', 'el'],
    ['a chain with a non-null assertion', 'declare const el: Element;\nuse(el.parentElement!.shadowRoot);', 'el'],
    [
      'a cast in the middle of the chain',
      'class Panel {\n  host: unknown;\n  m() {\n    use((this.host as { root: Node }).root);\n  }\n}',
      'this',
    ],
    ['a chain starting at a call', 'use(document.createElement("div").style);', 'document.createElement("div")'],
    ['an element access ends the chain', 'declare const items: Element[];\nuse(items[0].parentElement);', 'items[0]'],
  ];
  for (const [name, code, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(chainRoot(usedIn(code)).getText(), expected);
    });
  }
});

describe('expressionKey(): one key for the expressions that denote one value', () => {
  const inPanel = (body: string, constructorParameters = '') =>
    `class Panel {\n  el?: Element;\n  host?: Element;\n  constructor(${constructorParameters}) {\n    ${body}\n  }\n}`;
  const cases: [name: string, code: string, expected: string][] = [
    ['a field', inPanel('use(this.el);'), 'this.el'],
    ['a field behind a cast', inPanel('use((this.el as HTMLElement)!);'), 'this.el'],
    ['white space inside is dropped', inPanel('use(this\n      .el);'), 'this.el'],
    ['a parameter property', inPanel('use(root);', 'private root: Element'), 'this.root'],
    ['a parameter the constructor stores', inPanel('this.host = el;\n    use(el);', 'el: Element'), 'this.host'],
    ['a parameter that is not stored', inPanel('use(el);', 'el: Element'), 'el'],
    ['a const read of a field', inPanel('const root = this.el;\n    use(root);'), 'this.el'],
    ['a let read of a field may change', inPanel('let root = this.el;\n    use(root);'), 'root'],
    ['a destructured field', inPanel('const { el } = this;\n    use(el);'), 'this.el'],
    ['a destructured field renamed', inPanel('const { host: root } = this;\n    use(root);'), 'this.host'],
    [
      'a method parameter it stores',
      'class Panel {\n  host?: Element;\n  attach(target: Element) {\n    this.host = target;\n    use(target);\n  }\n}',
      'this.host',
    ],
    ['a parameter of a plain function', 'function mount(el: Element) {\n  use(el);\n}', 'el'],
  ];
  for (const [name, code, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(expressionKey(usedIn(code)), expected);
    });
  }
});

describe('thisAssignments(): plain assignments to fields of this', () => {
  it('keeps `=` to this.field, through casts, nested assignments included; leaves compound and other targets', () => {
    const file = fileOf(
      [
        'class Panel {',
        '  [key: string]: unknown;',
        '  m(other: { d: number }, x: unknown, y: unknown) {',
        '    this.a = 1;',
        '    this.b += 2;',
        '    (this.c as unknown) = x;',
        '    other.d = 3;',
        '    this.e = this.f = y;',
        "    this['g'] = 4;",
        '  }',
        '}',
      ].join('\n'),
    );
    const method = file.getFirstDescendantByKindOrThrow(SyntaxKind.MethodDeclaration);
    assert.deepEqual(
      thisAssignments(method).map(({ field, value, assignment }) => [field, value.getText(), assignment.getText()]),
      [
        ['a', '1', 'this.a = 1'],
        ['c', 'x', '(this.c as unknown) = x'],
        ['e', 'this.f = y', 'this.e = this.f = y'],
        ['f', 'y', 'this.f = y'],
      ],
    );
  });

  it('a scope without assignments to this → []', () => {
    const file = fileOf('let a = 1;\na = 2;\n');
    assert.deepEqual(thisAssignments(file), []);
  });
});

describe('freeName(): the first name not taken', () => {
  const numbered = (suffix: number) => `controller${suffix}`;
  const cases: [name: string, candidates: string[], taken: string[], expected: string][] = [
    ['the first candidate is free', ['controller', 'abort'], [], 'controller'],
    ['the first is taken', ['controller', 'abort'], ['controller'], 'abort'],
    ['all candidates taken → numbered from 2', ['controller', 'abort'], ['controller', 'abort'], 'controller2'],
    ['numbered names taken too', ['controller'], ['controller', 'controller2', 'controller3'], 'controller4'],
    ['no candidates', [], [], 'controller2'],
  ];
  for (const [name, candidates, taken, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(
        freeName(candidates, numbered, (candidate) => taken.includes(candidate)),
        expected,
      );
    });
  }
});
