import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Expression, Project, SyntaxKind } from 'ts-morph';
import { isOnGlobalObject, isOnNodeProcess, isOnProgramGlobal } from '../src/analysis/globals.js';

/**
 * The argument of the last `use(…)` call in `code`: the target asked about, in the scope the code
 * gives it (so that a parameter or a local of the same name can shadow a global).
 */
function targetIn(code: string): Expression {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  });
  project.createSourceFile('/types/process.d.ts', 'declare const process: { pid: number; stdin: EventTarget };');
  const file = project.createSourceFile('/src/panel.ts', `declare function use(target: unknown): void;\n${code}\n`);
  const call = file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((candidate) => candidate.getExpression().getText() === 'use')
    .at(-1);
  assert.ok(call, 'a use(…) call');
  return call.getArguments()[0] as Expression;
}

/** `[isOnGlobalObject, isOnProgramGlobal, isOnNodeProcess]` of the target. */
type Answers = [globalObject: boolean, programGlobal: boolean, nodeProcess: boolean];

const cases: [name: string, code: string, expected: Answers][] = [
  ['window', 'use(window);', [true, true, false]],
  ['a property of document', 'use(document.body);', [true, true, false]],
  [
    'a chain through a non-null assertion',
    'use(document.body!.firstElementChild!.parentElement);',
    [true, true, false],
  ],
  ['a global behind a cast, in parentheses', 'use((self as Window).visualViewport);', [true, true, false]],
  ['globalThis', 'use(globalThis);', [true, true, false]],
  ['navigator', 'use(navigator.mediaDevices);', [true, true, false]],
  ["Node's process", 'use(process);', [false, true, true]],
  ["what hangs off Node's process", 'use(process.stdin);', [false, true, true]],
  [
    'a field of the instance',
    'class Panel {\n  el = document.body;\n  m() {\n    use(this.el);\n  }\n}',
    [false, false, false],
  ],
  ['a global-less name', 'const el = document.createElement("div");\nuse(el);', [false, false, false]],
  [
    'a parameter named window shadows the global',
    'function mount(window: EventTarget) {\n  use(window);\n}',
    [false, false, false],
  ],
  [
    'a parameter named document shadows it in a chain',
    'const mount = (document: { body: EventTarget }) => use(document.body);',
    [false, false, false],
  ],
  [
    'a local named process shadows the global',
    'function run() {\n  const process = new EventTarget();\n  use(process);\n}',
    [false, false, false],
  ],
  [
    'a destructured local named self',
    'function run(options: { self: EventTarget }) {\n  const { self } = options;\n  use(self);\n}',
    [false, false, false],
  ],
  [
    'a module-level import named window',
    "import { window } from './fake-window';\nuse(window);",
    [false, false, false],
  ],
  [
    'a catch variable named process',
    'try {\n  use(1);\n} catch (process) {\n  use(process);\n}',
    [false, false, false],
  ],
  [
    'a shadowing name in a sibling scope does not count',
    'function other(window: EventTarget) {\n  return window;\n}\nfunction run() {\n  use(window.document);\n}',
    [true, true, false],
  ],
];

describe('isOnGlobalObject(), isOnProgramGlobal(), isOnNodeProcess()', () => {
  for (const [name, code, expected] of cases) {
    it(`${name} → ${expected.join(', ')}`, () => {
      const target = targetIn(code);
      assert.deepEqual([isOnGlobalObject(target), isOnProgramGlobal(target), isOnNodeProcess(target)], expected);
    });
  }
});
