import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Project, SyntaxKind } from 'ts-morph';
import { targetLifetime } from '../src/analysis/lifetime.js';
import { listenerCallsIn } from '../src/analysis/listeners.js';
import { isProgramLived } from '../src/analysis/program-lived.js';

const PANEL = `export class Panel {
  constructor(private readonly target: EventTarget) {
    target.addEventListener('resize', this.layout);
  }
  layout = () => {};
  attach(host: EventTarget) {
    host.addEventListener('scroll', this.layout);
  }
}
`;

/**
 * The lifetime of the target of the `index`-th listener of Panel, in a project of `panel.ts` and
 * `main.ts`, summed up as `kind: root → …` (the path's steps) or just the kind.
 */
function lifetimeIn(main: string, index = 0, panel = PANEL): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { strict: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  });
  project.createSourceFile('/types/process.d.ts', 'declare const process: { pid: number };');
  const file = project.createSourceFile('/src/panel.ts', panel);
  project.createSourceFile('/src/main.ts', main);
  const registration = listenerCallsIn(file, 'addEventListener')[index]!;
  const lifetime = targetLifetime(
    registration.target,
    file.getFirstDescendantByKindOrThrow(SyntaxKind.ClassDeclaration),
  );
  return 'path' in lifetime ? `${lifetime.kind}: ${lifetime.path.map((step) => step.text).join(' → ')}` : lifetime.kind;
}

const cases: [name: string, main: string, expected: string, index?: number][] = [
  [
    'a caller passes a global',
    "import { Panel } from './panel';\nnew Panel(window);\n",
    'outlives: window (global) → new Panel(window)',
  ],
  [
    'a caller passes a global object property',
    "import { Panel } from './panel';\nnew Panel(document.body);\n",
    'outlives: document.body (global) → new Panel(document.body)',
  ],
  [
    'a caller passes a module-level value',
    "import { Panel } from './panel';\nconst bus = new EventTarget();\nnew Panel(bus);\n",
    'outlives: bus (module-level, main.ts) → new Panel(bus)',
  ],
  [
    'one of several callers passes a root',
    "import { Panel } from './panel';\nnew Panel(document.createElement('div'));\nnew Panel(window);\n",
    'outlives: window (global) → new Panel(window)',
  ],
  [
    "a caller passes Node's process",
    "import { Panel } from './panel';\nnew Panel(process as unknown as EventTarget);\n",
    'outlives: process (global) → new Panel(process as unknown as EventTarget)',
  ],
  [
    'a caller passes what a module-level value holds',
    "import { Panel } from './panel';\nconst channel = new MessageChannel();\nnew Panel(channel.port1);\n",
    'outlives: channel (module-level, main.ts) → .port1 → new Panel(channel.port1)',
  ],
  [
    'every caller passes what it creates',
    "import { Panel } from './panel';\nnew Panel(document.createElement('div'));\n",
    'owned',
  ],
  [
    'a caller passes its own element',
    "import { Panel } from './panel';\nexport class Page {\n  private readonly el = document.createElement('div');\n  readonly panel = new Panel(this.el);\n}\n",
    'owned',
  ],
  [
    'a caller passes itself',
    "import { Panel } from './panel';\nexport class Host extends EventTarget {\n  readonly panel = new Panel(this);\n}\n",
    'owned',
  ],
  ['no caller in the scanned code', 'export {};\n', 'risk: target (passed in; its callers decide how long it lives)'],
  [
    'a caller passes its own parameter, whose callers are unknown',
    "import { Panel } from './panel';\nexport function mount(target: EventTarget) {\n  return new Panel(target);\n}\n",
    'risk: target (passed in; its callers decide how long it lives)',
  ],
  [
    'a subclass passes a global to super()',
    "import { Panel } from './panel';\nclass DocumentPanel extends Panel {\n  constructor() {\n    super(document);\n  }\n}\nnew DocumentPanel();\n",
    'outlives: document (global) → super(document)',
  ],
  [
    'a caller passes a global to a method',
    "import { Panel } from './panel';\nconst panel = new Panel(document.createElement('div'));\npanel.attach(window);\n",
    'outlives: window (global) → panel.attach(window)',
    1,
  ],
  [
    'a same-named method of another class is not a caller',
    "import { Panel } from './panel';\nclass Other { attach(host: EventTarget) {} }\nnew Other().attach(window);\nnew Panel(document.createElement('div')).attach(document.createElement('div'));\n",
    'owned',
    1,
  ],
];

describe('targetLifetime(): decided at the call sites', () => {
  for (const [name, main, expected, index] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(lifetimeIn(main, index), expected);
    });
  }

  it('a global, directly', () => {
    const panel =
      "export class Panel {\n  constructor() {\n    window.addEventListener('resize', this.layout);\n  }\n  layout = () => {};\n}\n";
    assert.equal(lifetimeIn('export {};\n', 0, panel), 'outlives: window (global)');
  });
});

const STORE = "export class Store {\n  constructor() {\n    window.addEventListener('storage', () => this);\n  }\n}\n";

/** Whether the class `Store` of `<root>/src/store.ts` (STORE unless `files` give it) is program-lived in a project of `files`. */
function programLivedIn(files: Record<string, string>, root = ''): boolean {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { experimentalDecorators: true } });
  for (const [file, text] of Object.entries({ '/src/store.ts': STORE, ...files })) {
    project.createSourceFile(`${root}${file}`, text);
  }
  return isProgramLived(project.getSourceFileOrThrow(`${root}/src/store.ts`).getClassOrThrow('Store'));
}

const IMPORT = "import { Store } from './store';\n";
/** `Store` created in the constructor of `Level1`, which `Level2`'s constructor creates, and so on up to `Level<n>`. */
const chainOf = (levels: number): string =>
  Array.from({ length: levels }, (_, index) => {
    const created = index === 0 ? 'Store' : `Level${index}`;
    return `class Level${index + 1} {\n  readonly child: unknown;\n  constructor() {\n    this.child = new ${created}();\n  }\n}\n`;
  }).join('');
const angular = (decorator: string): string =>
  `import { Injectable, Service } from '@angular/core';\n${decorator}\n${STORE}`;

const programLivedCases: [name: string, files: Record<string, string>, expected: boolean][] = [
  ['created once in a module-level const', { '/src/main.ts': `${IMPORT}export const store = new Store();\n` }, true],
  ["created once as a module's default export", { '/src/main.ts': `${IMPORT}export default new Store();\n` }, true],
  [
    'assigned in a module-level block',
    { '/src/main.ts': `${IMPORT}let store: Store | undefined;\nif (window) {\n  store = new Store();\n}\n` },
    true,
  ],
  [
    'kept in a module-level object',
    { '/src/main.ts': `${IMPORT}export const stores = { list: [new Store()] };\n` },
    true,
  ],
  [
    'made and disposed at once at module level: done, and kept only by its listener',
    { '/src/main.ts': `${IMPORT}new Store().dispose();\n` },
    false,
  ],
  [
    'handed to a call at module level, which may end it',
    { '/src/main.ts': `${IMPORT}declare function run(store: Store): void;\nrun(new Store());\n` },
    false,
  ],
  ['created in a function', { '/src/main.ts': `${IMPORT}export function open() {\n  return new Store();\n}\n` }, false],
  [
    'created at module level, and once more in a function',
    {
      '/src/main.ts': `${IMPORT}export const store = new Store();\n`,
      '/src/preview.ts': `${IMPORT}export const preview = () => new Store();\n`,
    },
    false,
  ],
  ['never created: unknown, not program-lived', { '/src/main.ts': `${IMPORT}export { Store };\n` }, false],
  [
    'created in the constructor of a module-level singleton',
    {
      '/src/root.ts': `${IMPORT}class Root {\n  readonly store: Store;\n  constructor() {\n    this.store = new Store();\n  }\n}\nexport default new Root();\n`,
    },
    true,
  ],
  [
    "created in a module-level singleton's field initializer",
    { '/src/root.ts': `${IMPORT}class Root {\n  readonly store = new Store();\n}\nexport default new Root();\n` },
    true,
  ],
  [
    "created in a module-level class's static initializer",
    { '/src/root.ts': `${IMPORT}export class Root {\n  static readonly store = new Store();\n}\n` },
    true,
  ],
  [
    'created in the constructor of a class created in a function',
    {
      '/src/root.ts': `${IMPORT}class Root {\n  readonly store = new Store();\n}\nexport const open = () => new Root();\n`,
    },
    false,
  ],
  [
    "created in a callback inside a singleton's constructor, which may run many times",
    {
      '/src/root.ts': `${IMPORT}class Root {\n  store?: Store;\n  constructor() {\n    window.addEventListener('focus', () => {\n      this.store = new Store();\n    });\n  }\n}\nexport default new Root();\n`,
    },
    false,
  ],
  [
    'created in the constructor of a class whose only creation is in its own constructor: a cycle',
    {
      '/src/root.ts': `${IMPORT}class Root {\n  readonly store = new Store();\n  readonly next = new Root();\n}\n`,
    },
    false,
  ],
  [
    'four creating classes deep, the last at module level',
    { '/src/chain.ts': `${IMPORT}${chainOf(4)}export const top = new Level4();\n` },
    true,
  ],
  [
    'five creating classes deep: past the depth followed',
    { '/src/chain.ts': `${IMPORT}${chainOf(5)}export const top = new Level5();\n` },
    false,
  ],
  [
    'a creation in a test file does not count: the only other is at module level',
    {
      '/src/main.ts': `${IMPORT}export const store = new Store();\n`,
      '/src/__tests__/store.ts': `import { Store } from '../store';\nexport const fresh = () => new Store();\n`,
      '/src/store.spec.tsx': `${IMPORT}export const again = () => new Store();\n`,
      '/test/helpers.ts': `import { Store } from '../src/store';\nexport const made = () => new Store();\n`,
    },
    true,
  ],
  [
    'a creation in a test file does not count: the only other is in a function',
    {
      '/src/store.test.ts': `${IMPORT}export const store = new Store();\n`,
      '/src/main.ts': `${IMPORT}export const open = () => new Store();\n`,
    },
    false,
  ],
  [
    'a lazy singleton: made on first use into a module-level variable, behind if (!store)',
    {
      '/src/main.ts': `${IMPORT}let store: Store | undefined;\nexport function getStore() {\n  if (!store) store = new Store();\n  return store;\n}\n`,
    },
    true,
  ],
  [
    'a lazy singleton behind if (store == null) { … }',
    {
      '/src/main.ts': `${IMPORT}let store: Store | null = null;\nexport function getStore() {\n  if (store == null) {\n    store = new Store();\n  }\n  return store;\n}\n`,
    },
    true,
  ],
  [
    'a lazy singleton made with ??=',
    {
      '/src/main.ts': `${IMPORT}let store: Store | undefined;\nexport const getStore = () => (store ??= new Store());\n`,
    },
    true,
  ],
  [
    'a lazy singleton made in store ?? (store = new Store())',
    {
      '/src/main.ts': `${IMPORT}let store: Store | undefined;\nexport const getStore = () => store ?? (store = new Store());\n`,
    },
    true,
  ],
  [
    'a lazy singleton that a reset drops: the next call makes another',
    {
      '/src/main.ts': `${IMPORT}let store: Store | undefined;\nexport const getStore = () => (store ??= new Store());\nexport function reset() {\n  store = undefined;\n}\n`,
    },
    false,
  ],
  [
    'made behind a check of something else',
    {
      '/src/main.ts': `${IMPORT}let store: Store | undefined;\nexport function getStore(fresh: boolean) {\n  if (!fresh) store = new Store();\n  return store;\n}\n`,
    },
    false,
  ],
  [
    'made behind if (!store) into a variable of a function, once per call',
    {
      '/src/main.ts': `${IMPORT}export function getStore() {\n  let store: Store | undefined;\n  if (!store) store = new Store();\n  return store;\n}\n`,
    },
    false,
  ],
  [
    'created only in a test file: no creation, not program-lived',
    { '/src/store.test.ts': `${IMPORT}export const store = new Store();\n` },
    false,
  ],
  [
    'a class of the same name declared in another file is another class',
    {
      '/src/main.ts': `${IMPORT}export const store = new Store();\n`,
      '/src/other.ts': 'class Store {}\nexport const open = () => new Store();\n',
    },
    true,
  ],
  [
    "a subclass created in a function runs the class's code for short-lived instances",
    {
      '/src/main.ts': `${IMPORT}export const store = new Store();\nclass Draft extends Store {}\nexport const open = () => new Draft();\n`,
    },
    false,
  ],
  [
    'only a subclass is created, at module level',
    { '/src/main.ts': `${IMPORT}class AppStore extends Store {}\nexport default new AppStore();\n` },
    true,
  ],
  ["@Injectable({ providedIn: 'root' })", { '/src/store.ts': angular("@Injectable({ providedIn: 'root' })") }, true],
  [
    "@Injectable({ providedIn: 'platform' })",
    { '/src/store.ts': angular("@Injectable({ providedIn: 'platform' })") },
    true,
  ],
  [
    "@Injectable({ providedIn: 'any' }): one per lazy module",
    { '/src/store.ts': angular("@Injectable({ providedIn: 'any' })") },
    false,
  ],
  ['@Injectable() without providedIn', { '/src/store.ts': angular('@Injectable()') }, false],
  ['@Service(), root-provided in Angular 22', { '/src/store.ts': angular('@Service()') }, true],
  ['@Service() with options', { '/src/store.ts': angular('@Service({ autoProvided: false })') }, false],
  [
    "an @Injectable that is not Angular's",
    {
      '/src/store.ts': `import { Injectable } from './di';\n@Injectable({ providedIn: 'root' })\n${STORE}`,
      '/src/di.ts': 'export const Injectable = (options: object) => (target: unknown) => target;\n',
    },
    false,
  ],
  [
    "created in the constructor of Angular's root service",
    {
      '/src/service.ts': `import { Injectable } from '@angular/core';\n${IMPORT}@Injectable({ providedIn: 'root' })\nexport class Settings {\n  readonly store = new Store();\n}\n`,
    },
    true,
  ],
];

describe('isProgramLived(): every creation runs once for the whole program', () => {
  for (const [name, files, expected] of programLivedCases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(programLivedIn(files), expected);
    });
  }

  it('a project inside a folder named test is not all tests → true', () => {
    assert.equal(
      programLivedIn({ '/src/main.ts': `${IMPORT}export const store = new Store();\n` }, '/home/test/app'),
      true,
    );
  });
});
