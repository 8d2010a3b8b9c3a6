import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Project } from 'ts-morph';
import { listenerCallsIn, removes, type UnreadableCapture } from '../src/analysis/listeners.js';

/** One registration and one removal, written in a class as code would: `[registration, removal]` statements. */
function pair(add: string, remove: string, preamble = ''): ReturnType<typeof listenerCallsIn>[number][] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  });
  const file = project.createSourceFile(
    'panel.ts',
    `${preamble}\nexport class Panel {\n  el = document.body;\n  onResize = () => {};\n  open(options: AddEventListenerOptions) {\n    ${add};\n  }\n  close(options: AddEventListenerOptions) {\n    ${remove};\n  }\n}\n`,
  );
  return [...listenerCallsIn(file, 'addEventListener'), ...listenerCallsIn(file, 'removeEventListener')];
}

const cases: { name: string; add: string; remove: string; preamble?: string; mayMatch: boolean; noMatch: boolean }[] = [
  {
    name: 'same handler, no options',
    add: "window.addEventListener('resize', this.onResize)",
    remove: "window.removeEventListener('resize', this.onResize)",
    mayMatch: true,
    noMatch: true,
  },
  {
    name: 'capture false and omitted are the same listener',
    add: "window.addEventListener('resize', this.onResize, false)",
    remove: "window.removeEventListener('resize', this.onResize)",
    mayMatch: true,
    noMatch: true,
  },
  {
    name: 'capture true is another listener',
    add: "window.addEventListener('resize', this.onResize, true)",
    remove: "window.removeEventListener('resize', this.onResize)",
    mayMatch: false,
    noMatch: false,
  },
  {
    name: 'capture in options and as a flag',
    add: "window.addEventListener('resize', this.onResize, { capture: true })",
    remove: "window.removeEventListener('resize', this.onResize, true)",
    mayMatch: true,
    noMatch: true,
  },
  {
    name: 'unreadable capture (options passed in)',
    add: "window.addEventListener('resize', this.onResize, options)",
    remove: "window.removeEventListener('resize', this.onResize, options)",
    mayMatch: true,
    noMatch: false,
  },
  {
    name: 'options through a const name',
    add: "window.addEventListener('resize', this.onResize, OPTIONS)",
    remove: "window.removeEventListener('resize', this.onResize, true)",
    preamble: 'const OPTIONS = { capture: true, passive: true };',
    mayMatch: true,
    noMatch: true,
  },
  {
    name: 'another event type',
    add: "window.addEventListener('resize', this.onResize)",
    remove: "window.removeEventListener('scroll', this.onResize)",
    mayMatch: false,
    noMatch: false,
  },
  {
    name: 'another target',
    add: "window.addEventListener('resize', this.onResize)",
    remove: "document.removeEventListener('resize', this.onResize)",
    mayMatch: false,
    noMatch: false,
  },
  {
    name: 'a target through its alias',
    add: "this.el.addEventListener('click', this.onResize)",
    remove: "const { el } = this; el.removeEventListener('click', this.onResize)",
    mayMatch: true,
    noMatch: true,
  },
  {
    name: 'an inline handler is never removed',
    add: "window.addEventListener('resize', () => this.onResize())",
    remove: "window.removeEventListener('resize', () => this.onResize())",
    mayMatch: false,
    noMatch: false,
  },
  {
    name: '.bind() makes a new function',
    add: "window.addEventListener('resize', this.onResize.bind(this))",
    remove: "window.removeEventListener('resize', this.onResize.bind(this))",
    mayMatch: false,
    noMatch: false,
  },
];

describe('removes(): does this removal undo this registration', () => {
  for (const testCase of cases) {
    for (const [policy, expected] of [
      ['may-match', testCase.mayMatch],
      ['no-match', testCase.noMatch],
    ] as [UnreadableCapture, boolean][]) {
      it(`${testCase.name} (${policy}): ${expected}`, () => {
        const [registration, removal] = pair(testCase.add, testCase.remove, testCase.preamble);
        assert.ok(registration && removal, 'both calls found');
        assert.equal(removes(removal, registration, policy), expected);
      });
    }
  }
});
