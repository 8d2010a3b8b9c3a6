import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Project, SyntaxKind } from 'ts-morph';
import { targetLifetime } from '../src/analysis/lifetime.js';
import { listenerCallsIn } from '../src/analysis/listeners.js';

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
