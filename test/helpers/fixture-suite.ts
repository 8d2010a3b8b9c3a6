import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Project } from 'ts-morph';
import {
  assertNamesSayWhatCasesShow,
  describeFinding,
  describeKind,
  expectedFindings,
  FIXTURES,
  fixtureCases,
  isLeftByFix,
  runOnFile,
} from './fixtures.js';

/**
 * The table test of a driver's single-file fixtures, as typescript-eslint has for a rule: each
 * `<case>.input.*` produces its `// expect:` findings (message id, safety, position) and exactly its
 * `.output.*` (or stays as it is), every file type-checks with the folder's tsconfig, and a second run
 * has nothing to fix.
 */
export function describeFileFixtures(driverId: string): void {
  const cases = fixtureCases(driverId);

  describe(`${driverId} fixtures`, () => {
    it('names say what a case shows: an ok-… case stays untouched, every other case is found', () =>
      assertNamesSayWhatCasesShow(cases, expectedFindings));

    for (const fixture of cases) {
      describe(fixture.name, () => {
        it('reports the expected findings', async () => {
          const { findings } = await runOnFile(fixture.input);
          assert.deepEqual(findings.map(describeFinding).sort(), expectedFindings(fixture.input));
        });

        it(
          fixture.output ? 'rewrites to the expected output, byte for byte' : 'leaves the file untouched',
          async () => {
            const { result } = await runOnFile(fixture.input);
            assert.equal(result, readFileSync(fixture.output ?? fixture.input, 'utf8'));
          },
        );

        if (fixture.output) {
          it('converges: the output is reported for nothing but what the fix left', async () => {
            const { findings } = await runOnFile(fixture.input);
            const output = await runOnFile(fixture.output!);
            assert.deepEqual(
              output.findings.map(describeKind).sort(),
              findings.filter(isLeftByFix).map(describeKind).sort(),
            );
          });
        }
      });
    }
  });

  describe(`${driverId} fixtures type-check`, () => {
    it('every TypeScript input and output compiles with the fixtures tsconfig', () => {
      const project = new Project({ tsConfigFilePath: path.join(FIXTURES, driverId, 'tsconfig.json') });
      const diagnostics = project
        .getPreEmitDiagnostics()
        .filter((d) => !d.getSourceFile()?.getFilePath().endsWith('.js'));
      assert.equal(project.formatDiagnosticsWithColorAndContext(diagnostics), '');
    });
  });
}
