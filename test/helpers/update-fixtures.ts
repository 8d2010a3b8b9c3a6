/**
 * Writes the expected output of every fixture case of a transform from what unleak makes of it, and prints
 * each case's findings beside its `// expect:` lines. For new cases: read every diff before committing it.
 *
 *   npx tsc -p tsconfig.test.json && node dist-test/test/helpers/update-fixtures.js listener-abort-signal
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  describeFinding,
  expectedFindings,
  expectedFindingsInTree,
  fixtureCases,
  projectCases,
  readTree,
  runOnFile,
  runOnTree,
} from './fixtures.js';
import { TRANSFORMS } from '../../src/transforms/index.js';

const transformId = process.argv[2];
if (!transformId) throw new Error('usage: update-fixtures.js <transform-id>');

const report = (name: string, found: string, expected: string) =>
  console.log(
    `${found === expected ? 'ok      ' : 'MISMATCH'} ${name}: ${found || 'none'}${found === expected ? '' : ` (expected ${expected || 'none'})`}`,
  );

const rules = TRANSFORMS.find((transform) => transform.meta.id === transformId)!.meta.rules.map((rule) => rule.id);

/** Project cases (`<case>/input/` → `output/`) and single-file cases (`<case>.input.ts` → `.output.ts`). */
for (const fixture of projectCases(transformId)) {
  const { findings, result } = await runOnTree(fixture.input, rules);
  report(
    fixture.name,
    findings.map(describeFinding).sort().join(', '),
    expectedFindingsInTree(fixture.input).join(', '),
  );
  const outputRoot = path.join(fixture.input, '..', 'output');
  rmSync(outputRoot, { recursive: true, force: true });
  const input = readTree(fixture.input);
  if ([...result].every(([file, text]) => input.get(file) === text)) continue;
  for (const [file, text] of result) {
    mkdirSync(path.dirname(path.join(outputRoot, file)), { recursive: true });
    writeFileSync(path.join(outputRoot, file), text);
  }
}

for (const fixture of fixtureCases(transformId)) {
  const { findings, result } = await runOnFile(fixture.input);
  report(fixture.name, findings.map(describeFinding).sort().join(', '), expectedFindings(fixture.input).join(', '));
  const outputPath = fixture.input.replace('.input.', '.output.');
  if (result !== readFileSync(fixture.input, 'utf8')) writeFileSync(outputPath, result);
  else rmSync(outputPath, { force: true });
}
