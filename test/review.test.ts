import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import prompts from 'prompts';
import { main, type Io } from '../src/cli.js';
import { demoCopy, snapshot, tempDir } from './helpers/cli.js';
import { FIXTURES } from './helpers/fixtures.js';

/** Runs `unleak fix` in-process as if on a terminal, answering with `answers` through prompts' injection. */
async function review(cwd: string, answers: unknown[], onOutput: (text: string) => void = () => {}) {
  const output = { stdout: '', stderr: '' };
  const io: Io = {
    cwd,
    interactive: true,
    // Colours follow the environment (CI=true turns them on); what is said is what these tests check.
    stdout: (text) => {
      output.stdout += stripVTControlCharacters(text);
      onOutput(text);
    },
    stderr: (text) => {
      output.stderr += stripVTControlCharacters(text);
    },
  };
  prompts.inject(answers);
  const code = await main(['fix'], io);
  const unanswered = (prompts as unknown as { _injected?: unknown[] })._injected?.splice(0) ?? [];
  return { code, ...output, unanswered };
}

/** A folder holding the several-registrations fixture: one class, three listeners, one shared controller. */
function editorProject(): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'editor.ts');
  cpSync(path.join(FIXTURES, 'class-listeners', 'several-registrations.input.ts'), file);
  return { dir, file };
}

const changedFiles = (before: Map<string, string>, after: Map<string, string>) =>
  [...after.keys()].filter((file) => before.get(file) !== after.get(file)).sort();

describe('unleak fix review', () => {
  it('y and n: writes exactly the accepted fixes after the final confirmation', async () => {
    const dir = demoCopy();
    const before = snapshot(dir);
    const run = await review(dir, ['y', 'n', 'n', 'n', 'y', 'n', 'n', 'n', true]);
    assert.equal(run.code, 1, 'skipped and report-only findings remain');
    assert.deepEqual(run.unanswered, []);
    assert.deepEqual(changedFiles(before, snapshot(dir)), [
      'src/components/cart-badge.ts',
      'src/components/search-box.ts',
    ]);
    assert.match(
      run.stdout,
      /\[1\/8\] src\/components\/cart-badge\.ts:7 {2}lingering-listener {2}\(safe\)\nKept alive by: bus \(imported from '\.\.\/services\/event-bus'\) → 'cart:add' listener → CartBadge/,
    );
    assert.match(
      run.stdout,
      /\[7\/8\] src\/outline\/outline\.ts:26 {2}back-pointer {2}\(review\)\nKept alive by: recentSections \(module-level, recent\.ts\) → holds Section objects → Section\.outline → Outline/,
    );
    assert.match(run.stdout, /^ {2}lingering-listener {5}1 accepted, 5 skipped$/m);
    assert.match(run.stdout, /^ {2}back-pointer {11}0 accepted, 1 skipped$/m);
    assert.match(run.stdout, /^ {2}unremovable-listener {3}1 accepted, 0 skipped$/m);
    assert.match(run.stderr, /^unleak: 2 files written\.$/m);
  });

  it('shows each finding with its reason and the diff of its own edits', async () => {
    const { dir } = editorProject();
    const run = await review(dir, ['n', 'n', 'n']);
    const second = run.stdout.split(/\n(?=\[\d\/3\])/).filter((section) => section.trim())[1];
    assert.match(second!, /'selectionchange' listener on document is never removed; document is global/);
    assert.match(
      second!,
      /^\+ {4}document\.addEventListener\('selectionchange', this\.onSelection, \{ signal: this\.abortController\.signal \}\);$/m,
    );
    assert.doesNotMatch(second!, /beforeunload', this\.onBeforeUnload, \{ signal/, 'only this finding’s edits');
    assert.match(run.stdout, /Nothing to write\./);
  });

  it('accepting some listeners of a class keeps the shared controller correct', async () => {
    const { dir, file } = editorProject();
    const run = await review(dir, ['y', 'n', 'y', true]);
    assert.equal(run.code, 1);
    const written = readFileSync(file, 'utf8');
    assert.equal(written.match(/new AbortController\(\)/g)?.length, 1, 'one controller');
    assert.equal(written.match(/this\.abortController\.abort\(\);/g)?.length, 1, 'one abort');
    assert.match(written, /'beforeunload', this\.onBeforeUnload, \{ signal: this\.abortController\.signal \}\);/);
    assert.match(written, /'selectionchange', this\.onSelection\);/, 'the skipped one is untouched');
    assert.match(written, /'keydown', this\.onKeyDown, \{ capture: true, signal: this\.abortController\.signal \}\);/);
  });

  it('a: accepts this and every later finding of the same rule without asking', async () => {
    const { dir, file } = editorProject();
    const run = await review(dir, ['a', true]);
    assert.deepEqual(run.unanswered, []);
    assert.equal(readFileSync(file, 'utf8').match(/signal: this\.abortController\.signal/g)?.length, 3);
    assert.equal(run.stdout.match(/Apply this fix|\[\d\/3\]/g)?.length, 1, 'asked once');
  });

  it('two findings that read alike stay two: skipping the second keeps it as it was', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'twice.ts');
    writeFileSync(
      file,
      [
        'export class Twice {',
        '  constructor() {',
        "    window.addEventListener('resize', this.onResize);",
        "    window.addEventListener('resize', this.onResize, true);",
        '  }',
        '',
        '  private onResize = () => console.log(this);',
        '',
        '  dispose() {}',
        '}',
        '',
      ].join('\n'),
    );
    const run = await review(dir, ['y', 'n', true]);
    assert.equal(run.code, 1);
    const written = readFileSync(file, 'utf8');
    assert.match(written, /'resize', this\.onResize, \{ signal: this\.abortController\.signal \}\);/);
    assert.match(written, /'resize', this\.onResize, true\);/, 'the skipped one is untouched');
  });

  it('d: skips the rest of the file; q: stops reviewing', async () => {
    const skipFile = await review(editorProject().dir, ['y', 'd', true]);
    assert.match(skipFile.stdout, /Accepted 1, skipped 2:/);

    const dir = demoCopy();
    const before = snapshot(dir);
    const quit = await review(dir, ['y', 'q', true]);
    assert.deepEqual(quit.unanswered, []);
    assert.match(quit.stdout, /Accepted 1, skipped 7:/);
    assert.deepEqual(changedFiles(before, snapshot(dir)), ['src/components/cart-badge.ts']);
  });

  it('?: prints the keys and asks again', async () => {
    const run = await review(editorProject().dir, ['?', 'n', 'n', 'n']);
    assert.match(run.stdout, /a - apply this fix and all later fixes of the same rule/);
    assert.deepEqual(run.unanswered, []);
  });

  it('cancelling at a question or at the final confirmation writes nothing and exits 130', async () => {
    for (const answers of [
      [new Error('Ctrl-C')],
      ['y', 'y', new Error('Esc')],
      [...Array<string>(8).fill('y'), new Error('Ctrl-C')],
    ]) {
      const dir = demoCopy();
      const before = snapshot(dir);
      const run = await review(dir, answers);
      assert.equal(run.code, 130);
      assert.equal(run.stderr, 'unleak: cancelled; nothing was written.\n');
      assert.deepEqual(snapshot(dir), before);
    }
  });

  it('declining the final confirmation writes nothing', async () => {
    const dir = demoCopy();
    const before = snapshot(dir);
    const run = await review(dir, [...Array<string>(8).fill('y'), false]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^unleak: nothing was written\.$/m);
    assert.deepEqual(snapshot(dir), before);
  });

  it('leaves a file that changed on disk during the review untouched, and says so', async () => {
    const dir = demoCopy();
    const edited = path.join(dir, 'src/components/resize-panel.ts');
    const editedByHand = `// edited while unleak waited\n${readFileSync(edited, 'utf8')}`;
    // file order: cart-badge, online-status ×2, resize-panel, search-box, theme-toggle, outline, live-orders
    const run = await review(dir, ['y', 'n', 'n', 'y', 'y', 'n', 'y', 'n', true], (text) => {
      if (text.includes('Files to be written')) writeFileSync(edited, editedByHand);
    });
    assert.equal(readFileSync(edited, 'utf8'), editedByHand);
    assert.match(
      run.stderr,
      /^unleak: src\/components\/resize-panel\.ts: changed on disk since it was read; not written$/m,
    );
    assert.match(run.stderr, /^unleak: 3 files written\.$/m);
    assert.equal(run.code, 1);
  });
});
