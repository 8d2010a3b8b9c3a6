import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fix, scan } from '../src/engine.js';
import { selectRules } from '../src/transforms/index.js';
import { isFixable } from '../src/finding.js';
import { FIXTURES } from './helpers/fixtures.js';
import { runScenario } from './helpers/run-scenario.js';
import { tempDir } from './helpers/cli.js';

const FIXTURE = 'class-listeners/realm-window';

/** The input fixed with the default, global realm: what a run without --realm target writes. */
async function fixedWithGlobalRealm(): Promise<string> {
  const input = path.join(FIXTURES, `${FIXTURE}.input.ts`);
  const scanned = await scan({ cwd: FIXTURES, paths: [input], rules: selectRules(['lingering-listener']) });
  const file = path.join(tempDir(), 'realm-window.global.ts');
  writeFileSync(file, fix(scanned.findings, isFixable, scanned.files).changes[0]!.after);
  return file;
}

describe('runtime: a DOM of another realm (jsdom under Node, window and document as globals)', () => {
  it('input: the shortcut listener outlives dispose() and keeps the help panel alive', () => {
    assert.deepEqual(runScenario(`${FIXTURE}.input.ts`), {
      fired: { registers: true, beforeDispose: true, afterDispose: true },
      retained: true,
    });
  });

  it("the default fix's global AbortController is refused by jsdom's addEventListener", async () => {
    const { fired } = runScenario(await fixedWithGlobalRealm(), { scenario: 'realm-window' });
    assert.match(String(fired.registers), /^TypeError: .*'signal' that is not of type 'AbortSignal'/);
  });

  it("--realm target: the controller from the targets' window works there, and dispose() releases the panel", () => {
    assert.deepEqual(runScenario(`${FIXTURE}.output.ts`), {
      fired: { registers: true, beforeDispose: true, afterDispose: false },
      retained: false,
    });
  });
});
