import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Project, SyntaxKind } from 'ts-morph';
import { listenerCallsIn, retainsComponent } from '../src/analysis/listeners.js';
import { declarationOf } from '../src/analysis/scope.js';

/**
 * What `declarationOf` answers for the argument of the last `use(…)` call in `code`: the declaring
 * node's kind, its line in the file and its text, or `undefined`. The file starts with the
 * declaration of `use` itself, so `code` starts on line 2.
 */
function declarationIn(code: string): string | undefined {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], strict: true },
  });
  const file = project.createSourceFile('/src/panel.ts', `declare function use(value: unknown): void;\n${code}\n`);
  const call = file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((candidate) => candidate.getExpression().getText() === 'use')
    .at(-1);
  assert.ok(call, 'a use(…) call');
  const identifier = call.getArguments()[0];
  assert.ok(identifier?.isKind(SyntaxKind.Identifier), 'use(…) is given a name');
  const declaration = declarationOf(identifier);
  return declaration && `${declaration.getKindName()}@${declaration.getStartLineNumber()}: ${declaration.getText()}`;
}

const cases: [name: string, code: string, expected: string | undefined][] = [
  ['a parameter', 'function mount(el: HTMLElement) {\n  use(el);\n}', 'Parameter@2: el: HTMLElement'],
  [
    'a parameter of an arrow function with an expression body',
    'const mount = (node: Node) => use(node);',
    'Parameter@2: node: Node',
  ],
  [
    'a parameter property of a constructor',
    'class Panel {\n  constructor(private el: Element) {\n    use(el);\n  }\n}',
    'Parameter@3: private el: Element',
  ],
  [
    'a const in the enclosing block',
    'function run() {\n  const el = document.body;\n  use(el);\n}',
    'VariableDeclaration@3: el = document.body',
  ],
  [
    'a module-level let, seen from a function',
    'let count = 0;\nfunction run() {\n  use(count);\n}',
    'VariableDeclaration@2: count = 0',
  ],
  ['a function declaration', 'function helper() {}\nuse(helper);', 'FunctionDeclaration@2: function helper() {}'],
  ['a named import', "import { store } from './store';\nuse(store);", 'ImportSpecifier@2: store'],
  ['a renamed named import', "import { store as db } from './store';\nuse(db);", 'ImportSpecifier@2: store as db'],
  ['a default import', "import Panel from './panel';\nuse(Panel);", 'ImportClause@2: Panel'],
  ['a namespace import', "import * as path from 'node:path';\nuse(path);", 'NamespaceImport@2: * as path'],
  ['a catch variable', 'try {\n  use(0);\n} catch (error) {\n  use(error);\n}', 'VariableDeclaration@4: error'],
  [
    'a for-loop variable',
    'for (let index = 0; index < 3; index++) {\n  use(index);\n}',
    'VariableDeclaration@2: index = 0',
  ],
  [
    'a for-of variable, in a body without braces',
    'declare const items: string[];\nfor (const item of items) use(item);',
    'VariableDeclaration@3: item',
  ],
  [
    'a for-in variable',
    'declare const options: object;\nfor (const key in options) {\n  use(key);\n}',
    'VariableDeclaration@3: key',
  ],
  [
    'the innermost of shadowing declarations',
    'const el = document.body;\nfunction run() {\n  const el = document.head;\n  if (el) {\n    use(el);\n  }\n}',
    'VariableDeclaration@4: el = document.head',
  ],
  [
    "a sibling function's local is not seen",
    'function other() {\n  const el = 2;\n}\nfunction run() {\n  use(el);\n}',
    undefined,
  ],
  ['a global', 'use(document);', undefined],
  [
    'a name declared later in the same block',
    'function run() {\n  use(el);\n  const el = document.body;\n}',
    'VariableDeclaration@4: el = document.body',
  ],
  [
    'a destructured name',
    'declare const options: { el: Element };\nconst { el } = options;\nuse(el);',
    'BindingElement@3: el',
  ],
  [
    'a renamed name in a nested destructuring parameter',
    'function run([first, { body: el }]: [number, { body: Element }]) {\n  use(el);\n}',
    'BindingElement@2: body: el',
  ],
];

describe('declarationOf(): the declaration a name refers to', () => {
  for (const [name, code, expected] of cases) {
    it(`${name} → ${expected?.split(':')[0] ?? 'undefined'}`, () => {
      assert.equal(declarationIn(code), expected);
    });
  }
});

/** Whether the listener `handler`, added in an effect of the component Panel, keeps anything of Panel. */
function retainsPanel(handler: string): boolean {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], strict: true },
  });
  const file = project.createSourceFile(
    '/src/panel.ts',
    [
      "import { track } from './track';",
      'declare function useEffect(effect: () => void, deps: unknown[]): void;',
      'declare function useState<T>(initial: T): [T, (value: T) => void];',
      'const LIMIT = 3;',
      'function log() {}',
      'export function Panel({ label }: { label: string }) {',
      '  const [count, setCount] = useState(0);',
      '  function onResize() {}',
      '  if (label) {',
      '    var hoisted = count;',
      '  }',
      '  useEffect(() => {',
      '    const local = 1;',
      `    window.addEventListener('resize', ${handler});`,
      '  }, []);',
      '}',
    ].join('\n'),
  );
  const [registration] = listenerCallsIn(file, 'addEventListener');
  return retainsComponent(registration!.handler, file.getFunctionOrThrow('Panel'));
}

const retainCases: [handler: string, retains: boolean][] = [
  ["() => console.info('resized')", false],
  ["() => track('resize', LIMIT)", false],
  ['log', false],
  ['() => {\n const inner = innerWidth;\n console.log(inner);\n }', false],
  ['(event: UIEvent) => console.log(event.type)', false],
  ['() => console.log(document.title, { label: 1 })', false],
  ['() => setCount(1)', true],
  ['() => console.log(label)', true],
  ['() => console.log(local)', true],
  ['() => track({ label })', true],
  ['onResize', true],
  ['() => console.log(hoisted)', true],
  ['() => console.log(arguments)', true],
  ['() => console.log(this)', true],
];

describe('retainsComponent(): whether a listener keeps anything of its component', () => {
  for (const [handler, retains] of retainCases) {
    it(`${handler.replace(/\s+/g, ' ')} → ${retains}`, () => {
      assert.equal(retainsPanel(handler), retains);
    });
  }
});
