import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { BIN, tempDir, unleak } from './helpers/cli.js';
import { FIXTURES } from './helpers/fixtures.js';

const WIDGETS = path.join(FIXTURES, 'test-command', 'widgets');
const NODE_TEST = `"${process.execPath}" --test`;

function widgets(): string {
  const dir = path.join(tempDir(), 'widgets');
  cpSync(WIDGETS, dir, { recursive: true });
  return dir;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('unleak fix --test-command', () => {
  it('withdraws the fix that breaks a test, naming the test, applies the other, and leaves a passing suite', () => {
    const dir = widgets();
    const run = unleak(['fix', '--yes', '--test-command', NODE_TEST], dir);
    assert.equal(run.code, 1, 'a leak is left');
    assert.match(run.stderr, /^unleak: 1 file changed, 1 of 2 findings fixed\.$/m);
    assert.match(
      run.stderr,
      /^ {2}src\/resize-panel\.js:5:5 {2}lingering-listener {2}withdrawn: the test command fails with it: not ok 1 - ResizePanel listens to resize with its handler and nothing else$/m,
    );
    assert.equal(read(dir, 'src/resize-panel.js'), read(WIDGETS, 'src/resize-panel.js'));
    assert.match(
      read(dir, 'src/scroll-spy.js'),
      /addEventListener\('scroll', this\.onScroll, \{ signal: this\.abortController\.signal \}\)/,
    );
    assert.equal(unleak(['fix', '--yes'], dir).code, 0, 'without the tests, the withdrawn fix applies');
    assert.ok(!existsSync(path.join(dir, '.unleak-journal.json')), 'no journal is left');
  });

  it('stops before any fix when the test command fails already, and writes nothing', () => {
    const dir = widgets();
    const run = unleak(['fix', '--yes', '--test-command', `"${process.execPath}" -e "process.exit(3)"`], dir);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^unleak: the test command fails before any fix, so it cannot judge them; nothing was written/,
    );
    assert.equal(read(dir, 'src/scroll-spy.js'), read(WIDGETS, 'src/scroll-spy.js'));
  });

  it('refuses --dry-run, which writes nothing to test', () => {
    const run = unleak(['fix', '--dry-run', '--test-command', NODE_TEST], widgets());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--test-command runs the tests on the fixed files, so it needs --yes or the review/);
  });

  it('takes the command from unleak.config.json', () => {
    const dir = widgets();
    writeFileSync(path.join(dir, 'unleak.config.json'), JSON.stringify({ testCommand: NODE_TEST }));
    const run = unleak(['fix', '--yes'], dir);
    assert.match(run.stderr, /withdrawn: the test command fails with it/);
  });

  it('killed at any point, leaves every file old or new, and the next run restores and completes', async () => {
    const reference = widgets();
    unleak(['fix', '--yes', '--test-command', NODE_TEST], reference);
    const sources = ['src/resize-panel.js', 'src/scroll-spy.js'];
    const fixedAlone = widgets();
    unleak(['fix', '--yes'], fixedAlone);

    for (const delay of [200, 700, 1200, 2000]) {
      const dir = widgets();
      const child = spawn(process.execPath, [BIN, 'fix', '--yes', '--test-command', NODE_TEST], {
        cwd: dir,
        stdio: 'ignore',
        env: { ...process.env, NODE_TEST_CONTEXT: undefined },
      });
      // Listen before sleeping: a run that ends within the delay has closed before the kill.
      const closed = new Promise((resolve) => child.on('close', resolve));
      await sleep(delay);
      child.kill('SIGKILL');
      await closed;
      for (const file of sources) {
        assert.ok(
          [read(WIDGETS, file), read(fixedAlone, file)].includes(read(dir, file)),
          `killed after ${delay} ms: ${file} is its old or its new version`,
        );
      }
      const rerun = unleak(['fix', '--yes', '--test-command', NODE_TEST], dir);
      assert.equal(rerun.code, 1, rerun.stderr);
      for (const file of sources)
        assert.equal(read(dir, file), read(reference, file), `rerun after ${delay} ms: ${file}`);
      assert.ok(!existsSync(path.join(dir, '.unleak-journal.json')));
    }
  });
});
