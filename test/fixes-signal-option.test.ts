import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Project } from 'ts-morph';
import { listenerCallsIn } from '../src/analysis/listeners.js';
import { detectStyle } from '../src/analysis/style.js';
import { signalOptionEdit } from '../src/fixes/signal-option.js';
import { splice } from '../src/splice.js';

const SIGNAL = 'this.controller.signal';

/**
 * The registration `call` in a Panel's open(), given `preamble` (declarations at module level) and
 * `parameters` (open()'s own): `{ code }` is the call after the edit, `{ refusal }` the reason there is none.
 */
function signalAdded(call: string, parameters = '', preamble = ''): { code: string } | { refusal: string } {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { strict: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  });
  const file = project.createSourceFile(
    '/src/panel.ts',
    `${preamble}\nexport class Panel {\n  controller = new AbortController();\n  onResize = () => {};\n  open(${parameters}) {\n    ${call};\n  }\n}\n`,
  );
  const [registration] = listenerCallsIn(file, 'addEventListener');
  assert.ok(registration, 'a registration');
  const result = signalOptionEdit(registration, SIGNAL, detectStyle(file));
  if ('refusal' in result) return { refusal: result.refusal };
  assert.equal(result.edit.file, file.getFilePath());
  const text = splice(file.getFullText(), [result.edit]);
  const start = registration.call.getStart();
  const end = text.indexOf(';\n', start);
  return { code: text.slice(start, end) };
}

const cases: [
  name: string,
  call: string,
  expected: { code: string } | { refusal: string },
  parameters?: string,
  preamble?: string,
][] = [
  [
    'no options',
    "window.addEventListener('resize', this.onResize)",
    { code: `window.addEventListener('resize', this.onResize, { signal: ${SIGNAL} })` },
  ],
  [
    'capture true',
    "window.addEventListener('resize', this.onResize, true)",
    { code: `window.addEventListener('resize', this.onResize, { capture: true, signal: ${SIGNAL} })` },
  ],
  [
    'capture false',
    "window.addEventListener('resize', this.onResize, false)",
    { code: `window.addEventListener('resize', this.onResize, { signal: ${SIGNAL} })` },
  ],
  [
    'an object literal gains a property',
    "window.addEventListener('resize', this.onResize, { passive: true })",
    { code: `window.addEventListener('resize', this.onResize, { passive: true, signal: ${SIGNAL} })` },
  ],
  [
    'an empty object literal',
    "window.addEventListener('resize', this.onResize, {})",
    { code: `window.addEventListener('resize', this.onResize, { signal: ${SIGNAL} })` },
  ],
  [
    'a multi-line literal gains a line',
    "window.addEventListener('resize', this.onResize, {\n      passive: true,\n    })",
    {
      code: `window.addEventListener('resize', this.onResize, {\n      passive: true,\n      signal: ${SIGNAL},\n    })`,
    },
  ],
  [
    'a literal spreading an object without a signal',
    "window.addEventListener('resize', this.onResize, { ...base, once: true })",
    { code: `window.addEventListener('resize', this.onResize, { ...base, once: true, signal: ${SIGNAL} })` },
    'base: { passive: boolean }',
  ],
  [
    'a const options object is spread',
    "window.addEventListener('resize', this.onResize, OPTIONS)",
    { code: `window.addEventListener('resize', this.onResize, { ...OPTIONS, signal: ${SIGNAL} })` },
    '',
    'const OPTIONS = { passive: true };',
  ],
  [
    'a const typed AddEventListenerOptions, bound to a literal without a signal',
    "window.addEventListener('resize', this.onResize, OPTIONS)",
    { code: `window.addEventListener('resize', this.onResize, { ...OPTIONS, signal: ${SIGNAL} })` },
    '',
    'const OPTIONS: AddEventListenerOptions = { passive: true };',
  ],
  [
    'a boolean variable becomes capture',
    "window.addEventListener('resize', this.onResize, useCapture)",
    { code: `window.addEventListener('resize', this.onResize, { capture: useCapture, signal: ${SIGNAL} })` },
    'useCapture: boolean',
  ],
  [
    'options that pass a signal already',
    "window.addEventListener('resize', this.onResize, { signal: other })",
    { refusal: 'its options pass a signal already, which the fix would replace' },
    'other: AbortSignal',
  ],
  [
    'options that pass a signal already, shorthand',
    "window.addEventListener('resize', this.onResize, { passive: true, signal })",
    { refusal: 'its options pass a signal already, which the fix would replace' },
    'signal: AbortSignal',
  ],
  [
    'a spread that may carry a signal',
    "window.addEventListener('resize', this.onResize, { ...options, once: true })",
    { refusal: '...options may carry a signal of its own, which the fix would replace' },
    'options: AddEventListenerOptions',
  ],
  [
    'an options parameter that may carry a signal',
    "window.addEventListener('resize', this.onResize, options)",
    { refusal: 'its options options may carry a signal of their own, which the fix would replace' },
    'options: AddEventListenerOptions',
  ],
  [
    'a const bound to a literal with a signal',
    "window.addEventListener('resize', this.onResize, OPTIONS)",
    { refusal: 'its options OPTIONS may carry a signal of their own, which the fix would replace' },
    '',
    'const OPTIONS = { signal: AbortSignal.timeout(1000) };',
  ],
  [
    'options that may be a boolean or an object',
    "window.addEventListener('resize', this.onResize, options)",
    {
      refusal:
        'its options argument options may be a boolean or an object, so the signal cannot be merged into it safely',
    },
    'options: boolean | { passive: boolean }',
  ],
];

describe('signalOptionEdit(): a signal added to the options', () => {
  for (const [name, call, expected, parameters, preamble] of cases) {
    it(`${name} → ${'code' in expected ? 'edit' : 'refused'}`, () => {
      assert.deepEqual(signalAdded(call, parameters, preamble), expected);
    });
  }

  it('tight object literals stay tight', () => {
    const result = signalAdded(
      "window.addEventListener('resize', this.onResize, true)",
      '',
      'const OTHER = {once: true};',
    );
    assert.deepEqual(result, {
      code: `window.addEventListener('resize', this.onResize, {capture: true, signal: ${SIGNAL}})`,
    });
  });
});
