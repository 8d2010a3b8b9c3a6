import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEMO_APP, snapshot, tempDir, unleak } from './helpers/cli.js';
import { FIXTURES } from './helpers/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const JSCODESHIFT = path.join(ROOT, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const transformModule = (id: string) => path.join(ROOT, 'dist', 'jscodeshift', `${id}.js`);

interface RunnerResult {
  code: number | null;
  stdout: string;
  counts: { errors: number; unmodified: number; skipped: number; ok: number };
}

/** The real jscodeshift CLI with unleak's lingering-listener module, on every .ts/.tsx/.js file under `dir`. */
function jscodeshift(dir: string, ...flags: string[]): RunnerResult {
  return jscodeshiftWith('lingering-listener', dir, ...flags);
}

function jscodeshiftWith(rule: string, dir: string, ...flags: string[]): RunnerResult {
  const run = spawnSync(
    process.execPath,
    [JSCODESHIFT, '-t', transformModule(rule), '--extensions=ts,tsx,js', ...flags, dir],
    {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  const count = (label: string) => Number(new RegExp(`^(\\d+) ${label}$`, 'm').exec(run.stdout)?.[1]);
  return {
    code: run.status,
    stdout: run.stdout + run.stderr,
    counts: { errors: count('errors'), unmodified: count('unmodified'), skipped: count('skipped'), ok: count('ok') },
  };
}

/** A folder holding every listener fixture input, under its case name. */
function fixtureInputs(): string {
  const dir = tempDir();
  const fixtureDir = path.join(FIXTURES, 'class-listeners');
  for (const file of readdirSync(fixtureDir).filter((name) => name.includes('.input.'))) {
    copyFileSync(path.join(fixtureDir, file), path.join(dir, file.replace('.input.', '.')));
  }
  return dir;
}

const changedFiles = (before: Map<string, string>, after: Map<string, string>) =>
  [...after.keys()].filter((file) => before.get(file) !== after.get(file)).sort();

describe('jscodeshift front door', () => {
  it('writes the same files as unleak fix --yes --rule lingering-listener over the listener fixtures', () => {
    const viaUnleak = fixtureInputs();
    const viaJscodeshift = fixtureInputs();
    const before = snapshot(viaJscodeshift);
    unleak(['fix', '--yes', '--rule', 'lingering-listener'], viaUnleak);
    const run = jscodeshift(viaJscodeshift, '--run-in-band');

    assert.equal(run.code, 0, run.stdout);
    const changed = changedFiles(before, snapshot(viaJscodeshift));
    assert.deepEqual(snapshot(viaJscodeshift), snapshot(viaUnleak));
    assert.ok(changed.length >= 25, `only ${changed.length} files changed`);
    assert.deepEqual(run.counts, {
      errors: 0,
      unmodified: before.size - changed.length,
      skipped: 0,
      ok: changed.length,
    });
  });

  it('leaves files with nothing to fix byte-identical and counts them unmodified', () => {
    const dir = tempDir();
    cpSync(path.join(FIXTURES, 'class-listeners', 'ok-once.input.ts'), path.join(dir, 'once.ts'));
    const before = snapshot(dir);
    const run = jscodeshift(dir);
    assert.deepEqual(run.counts, { errors: 0, unmodified: 1, skipped: 0, ok: 0 });
    assert.deepEqual(snapshot(dir), before);
  });

  it('reports a file that does not parse as an error and goes on with the others', () => {
    const dir = fixtureInputs();
    writeFileSync(path.join(dir, 'broken.ts'), 'export class {\n');
    const run = jscodeshift(dir, '--dry');
    assert.equal(run.counts.errors, 1);
    assert.match(run.stdout, /ERR .*broken\.ts Transformation error \(cannot be parsed: '}' expected\. \(2:1\)\)/);
    assert.ok(run.counts.ok >= 25);
  });

  it('gives the same result with two worker processes as in band', () => {
    const inBand = fixtureInputs();
    const parallel = fixtureInputs();
    jscodeshift(inBand, '--run-in-band');
    const run = jscodeshift(parallel, '--cpus=2');
    assert.match(run.stdout, /Spawning \d+ workers/);
    assert.deepEqual(snapshot(parallel), snapshot(inBand));
  });

  it('passes --realm through, and refuses a realm it does not know', () => {
    const dir = tempDir();
    const file = path.join(dir, 'realm-window.ts');
    cpSync(path.join(FIXTURES, 'class-listeners', 'realm-window.input.ts'), file);
    assert.equal(jscodeshift(dir, '--realm=frame').counts.errors, 1);
    jscodeshift(dir, '--realm=target');
    assert.equal(
      readFileSync(file, 'utf8'),
      readFileSync(path.join(FIXTURES, 'class-listeners', 'realm-window.output.ts'), 'utf8'),
    );
  });

  it('has one module per rule: unremovable-listener fixes only the removals that never match', () => {
    const dir = fixtureInputs();
    const before = snapshot(dir);
    jscodeshiftWith('unremovable-listener', dir);
    assert.deepEqual(changedFiles(before, snapshot(dir)), [
      'bind-removal.ts',
      'capture-mismatch.ts',
      'inline-handler-removal.ts',
      'removal-as-if-body.ts',
    ]);
  });

  it('--dry --print on the demo app prints the rewrites of unleak fix --dry-run', () => {
    const fixedByUnleak = path.join(tempDir(), 'leaky-app');
    cpSync(DEMO_APP, fixedByUnleak, { recursive: true });
    const before = snapshot(fixedByUnleak);
    unleak(['fix', '--yes'], fixedByUnleak);
    const after = snapshot(fixedByUnleak);

    // Each demo file has findings of one rule only, so each rule's print is unleak's whole rewrite of it.
    const runs = ['lingering-listener', 'unremovable-listener'].map((rule) =>
      jscodeshiftWith(rule, path.join(DEMO_APP, 'src'), '--dry', '--print'),
    );
    assert.deepEqual(
      runs.map((run) => run.counts.ok),
      [4, 1],
      'the back-pointer fix is review-class: not without --unsafe',
    );
    assert.deepEqual(
      runs.map((run) => run.counts.errors),
      [0, 0],
    );
    const printed = runs.map((run) => run.stdout).join('\n');
    // The order emitter is one by its declared type, which jscodeshift's one-file view does not see.
    const seenFileByFile = changedFiles(before, after).filter((file) => file !== 'src/server/live-orders.ts');
    for (const file of seenFileByFile) {
      assert.ok(
        printed.includes(readFileSync(path.join(fixedByUnleak, file), 'utf8')),
        `${file} printed as unleak writes it`,
      );
    }
  });

  it('runs the back-pointer rule on one file with --unsafe, as unleak does on a one-file project', () => {
    const dir = tempDir();
    const file = path.join(dir, 'node.ts');
    cpSync(path.join(FIXTURES, 'back-pointer', 'self-parent', 'input', 'src', 'node.ts'), file);
    assert.deepEqual(
      jscodeshiftWith('back-pointer', dir).counts,
      { errors: 0, unmodified: 1, skipped: 0, ok: 0 },
      'review-class: not without --unsafe',
    );
    jscodeshiftWith('back-pointer', dir, '--unsafe=true');
    const expected = readFileSync(
      path.join(FIXTURES, 'back-pointer', 'self-parent', 'output', 'src', 'node.ts'),
      'utf8',
    );
    assert.equal(readFileSync(file, 'utf8'), expected);
  });

  it('runs the opt-in listener-pair-to-signal rule without --rule: choosing its module turns it on', () => {
    const dir = tempDir();
    const file = path.join(dir, 'panel.ts');
    cpSync(path.join(FIXTURES, 'listener-pair-to-signal', 'constructor-dispose.input.ts'), file);
    jscodeshiftWith('listener-pair-to-signal', dir, '--unsafe=true');
    assert.equal(
      readFileSync(file, 'utf8'),
      readFileSync(path.join(FIXTURES, 'listener-pair-to-signal', 'constructor-dispose.output.ts'), 'utf8'),
    );
  });

  it("runs the lingering-listener rule on a Vue component's plain JavaScript as unleak does", () => {
    const dir = tempDir();
    const file = path.join(dir, 'visibility.js');
    cpSync(path.join(FIXTURES, 'vue-options-listeners', 'plain-javascript.input.js'), file);
    assert.deepEqual(jscodeshiftWith('lingering-listener', dir).counts, {
      errors: 0,
      unmodified: 0,
      skipped: 0,
      ok: 1,
    });
    assert.equal(
      readFileSync(file, 'utf8'),
      readFileSync(path.join(FIXTURES, 'vue-options-listeners', 'plain-javascript.output.js'), 'utf8'),
    );
  });

  it('reads the unleak.config.json unleak fix would, in the folder it runs from; --realm= wins over it', () => {
    const input = readFileSync(path.join(FIXTURES, 'class-listeners', 'realm-window.input.ts'), 'utf8');
    /** A project with a config at its root and the realm fixture in src/. */
    const configured = (config: string) => {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'unleak.config.json'), config);
      mkdirSync(path.join(dir, 'src'));
      writeFileSync(path.join(dir, 'src', 'panel.ts'), input);
      writeFileSync(path.join(dir, 'src', 'shell.ts'), input);
      return dir;
    };
    /** jscodeshift run from `cwd` over its src/, as a team would from its project's root. */
    const jscodeshiftFrom = (cwd: string, ...flags: string[]) => {
      const run = spawnSync(
        process.execPath,
        [JSCODESHIFT, '-t', transformModule('lingering-listener'), '--extensions=ts', ...flags, 'src'],
        {
          cwd,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      return { errors: Number(/^(\d+) errors$/m.exec(run.stdout)?.[1]), output: run.stdout + run.stderr };
    };

    for (const flags of [[], ['--realm=global'], ['--realm=target']]) {
      const viaUnleak = configured('{ "realm": "target", "libReference": false }');
      const viaJscodeshift = configured('{ "realm": "target", "libReference": false }');
      const fixed = unleak(
        ['fix', '--yes', '--rule', 'lingering-listener', ...flags.flatMap((flag) => flag.split('='))],
        viaUnleak,
      );
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.equal(jscodeshiftFrom(viaJscodeshift, ...flags).errors, 0);
      assert.deepEqual(
        snapshot(viaJscodeshift),
        snapshot(viaUnleak),
        `${flags.join(' ') || 'no flag'}: as unleak fix --yes writes`,
      );
      const realm = flags[0] === '--realm=global' ? 'global' : 'target';
      assert.equal(
        /new window\.AbortController\(\)/.test(readFileSync(path.join(viaJscodeshift, 'src', 'panel.ts'), 'utf8')),
        realm === 'target',
        flags.join(' '),
      );
    }
    // From a folder below the config, as unleak finds it there too.
    const below = configured('{ "realm": "target" }');
    const fromSrc = spawnSync(
      process.execPath,
      [JSCODESHIFT, '-t', transformModule('lingering-listener'), '--extensions=ts', '.'],
      { cwd: path.join(below, 'src'), encoding: 'utf8' },
    );
    assert.equal(fromSrc.status, 0, fromSrc.stderr);
    assert.equal(
      readFileSync(path.join(below, 'src', 'panel.ts'), 'utf8'),
      readFileSync(path.join(FIXTURES, 'class-listeners', 'realm-window.output.ts'), 'utf8'),
    );
  });

  it('fails every file with the reason when the unleak.config.json cannot be used, in band or not', () => {
    for (const flags of [['--run-in-band'], ['--cpus=2']]) {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'unleak.config.json'), '{"realm": "frame"}');
      mkdirSync(path.join(dir, 'src'));
      for (const name of ['a.ts', 'b.ts', 'c.ts'])
        cpSync(path.join(FIXTURES, 'class-listeners', 'realm-window.input.ts'), path.join(dir, 'src', name));
      const before = snapshot(dir);
      const run = spawnSync(
        process.execPath,
        [JSCODESHIFT, '-t', transformModule('lingering-listener'), '--extensions=ts', ...flags, 'src'],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      assert.match(run.stdout, /^3 errors$/m, run.stdout);
      const reasons = run.stdout.match(/Transformation error \(.*\)/g) ?? [];
      assert.deepEqual(
        reasons,
        Array(3).fill(`Transformation error (unleak.config.json: 'realm' must be "global" or "target", not "frame")`),
      );
      assert.deepEqual(snapshot(dir), before);
    }
  });
});
