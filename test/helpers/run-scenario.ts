import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';
import { FIXTURES } from './fixtures.js';
import type { LeakReport } from './leak-scenario.js';

const SCENARIO_DIR = path.join(import.meta.dirname, 'leak-scenarios');
const compiledDir = mkdtempSync(path.join(tmpdir(), 'unleak-runtime-leak-'));
after(() => rmSync(compiledDir, { recursive: true, force: true }));

/**
 * The test side of a runtime leak test: compiles a fixture (a path under test/fixtures, or any
 * absolute path) to .mjs and runs the scenario of the same name (or `scenario`) under
 * `node --expose-gc`. `importsFrom` maps a module the fixture imports (`react`) to a stand-in
 * beside the scenarios.
 */
export function runScenario(
  fixture: string,
  {
    scenario = path.basename(fixture).replace(/\.(input|output)\.tsx?$/, ''),
    importsFrom = {},
  }: { scenario?: string; importsFrom?: Record<string, string> } = {},
): LeakReport {
  let { outputText } = ts.transpileModule(readFileSync(path.resolve(FIXTURES, fixture), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  for (const [specifier, standIn] of Object.entries(importsFrom)) {
    outputText = outputText.replaceAll(
      `from '${specifier}'`,
      `from '${pathToFileURL(path.join(SCENARIO_DIR, standIn)).href}'`,
    );
  }
  const label = fixture.replaceAll('/', '_');
  const compiled = path.join(compiledDir, `${label}.mjs`);
  writeFileSync(compiled, outputText);

  const child = spawnSync(process.execPath, ['--expose-gc', path.join(SCENARIO_DIR, `${scenario}.js`), compiled], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.equal(child.status, 0, `${fixture} scenario failed (${child.signal ?? child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout) as LeakReport;
}
