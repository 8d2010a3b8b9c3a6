/**
 * Writes `<case>.output.*` for every fixture input of a transform from what unleak makes of it, and prints
 * each case's findings beside its `// expect:` lines. For new cases: read every diff before committing it.
 *
 *   npx tsc -p tsconfig.test.json && node dist-test/test/helpers/update-fixtures.js listener-abort-signal
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describeFinding, expectedFindings, fixtureCases, runOnFile } from './fixtures.js';

const transformId = process.argv[2];
if (!transformId) throw new Error('usage: update-fixtures.js <transform-id>');

for (const fixture of fixtureCases(transformId)) {
  const { findings, result } = await runOnFile(fixture.input);
  const found = findings.map(describeFinding).sort().join(', ');
  const expected = expectedFindings(fixture.input).join(', ');
  console.log(`${found === expected ? 'ok      ' : 'MISMATCH'} ${fixture.name}: ${found || 'none'}${found === expected ? '' : ` (expected ${expected || 'none'})`}`);
  const outputPath = fixture.input.replace('.input.', '.output.');
  if (result !== readFileSync(fixture.input, 'utf8')) writeFileSync(outputPath, result);
  else rmSync(outputPath, { force: true });
}
