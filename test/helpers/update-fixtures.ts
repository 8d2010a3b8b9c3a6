/**
 * Writes the expected output of every fixture case of a driver from what unleak makes of it, and prints
 * each case's findings beside its `// expect:` lines. For new cases: read every diff before committing it.
 *
 *   npx tsc -p tsconfig.test.json && node dist-test/test/helpers/update-fixtures.js class-listeners
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  describeFinding,
  describeFindingIn,
  expectedFindings,
  expectedFindingsInTree,
  fixtureCases,
  projectCases,
  readTree,
  rulesOfFolder,
  runOnFile,
  runOnTree,
} from './fixtures.js';

const driverId = process.argv[2];
if (!driverId) throw new Error('usage: update-fixtures.js <driver-id>');

const report = (name: string, found: string, expected: string) =>
  console.log(
    `${found === expected ? 'ok      ' : 'MISMATCH'} ${name}: ${found || 'none'}${found === expected ? '' : ` (expected ${expected || 'none'})`}`,
  );

/** Project cases (`<case>/input/` → `output/`) and single-file cases (`<case>.input.ts` → `.output.ts`). */
for (const fixture of projectCases(driverId)) {
  const { findings, result } = await runOnTree(fixture.input, rulesOfFolder(driverId));
  report(
    fixture.name,
    findings.map(describeFindingIn(fixture.input)).sort().join(', '),
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

for (const fixture of fixtureCases(driverId)) {
  const { findings, result } = await runOnFile(fixture.input);
  report(fixture.name, findings.map(describeFinding).sort().join(', '), expectedFindings(fixture.input).join(', '));
  const outputPath = fixture.input.replace('.input.', '.output.');
  if (result !== readFileSync(fixture.input, 'utf8')) writeFileSync(outputPath, result);
  else rmSync(outputPath, { force: true });
}
