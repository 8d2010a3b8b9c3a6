import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Project } from 'ts-morph';
import {
  assertNamesSayWhatCasesShow,
  describeFinding,
  describeFindingIn,
  describeKind,
  expectedFindings,
  expectedFindingsInTree,
  FIXTURES,
  fixtureCases,
  isLeftByFix,
  projectCases,
  readTree,
  rulesOfFolder,
  runOnFile,
  runOnTree,
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

/**
 * The table test of a driver's multi-file fixtures, `<case>/input/` → `<case>/output/`, each a project
 * with its own tsconfig.json: the `// expect:` findings of every file, the expected tree byte for byte
 * (or every file untouched), each tree type-checks, and a second run has nothing to fix.
 */
export function describeProjectFixtures(driverId: string): void {
  const rules = rulesOfFolder(driverId);
  const cases = projectCases(driverId);

  describe(`${driverId} fixture projects`, () => {
    it('names say what a case shows: an ok-… case stays untouched, every other case is found', () =>
      assertNamesSayWhatCasesShow(cases, expectedFindingsInTree));

    for (const fixture of cases) {
      describe(fixture.name, () => {
        it('reports the expected findings', async () => {
          const { findings } = await runOnTree(fixture.input, rules);
          assert.deepEqual(
            findings.map(describeFindingIn(fixture.input)).sort(),
            expectedFindingsInTree(fixture.input),
          );
        });

        it(
          fixture.output ? 'rewrites to the expected tree, byte for byte' : 'leaves every file untouched',
          async () => {
            const { result } = await runOnTree(fixture.input, rules);
            assert.deepEqual(result, readTree(fixture.output ?? fixture.input));
          },
        );

        for (const tree of fixture.output ? ['input', 'output'] : ['input']) {
          it(`${tree} type-checks`, () => {
            const project = new Project({ tsConfigFilePath: path.join(fixture.input, '..', tree, 'tsconfig.json') });
            const diagnostics = project.getPreEmitDiagnostics();
            assert.equal(project.formatDiagnosticsWithColorAndContext(diagnostics), '');
          });
        }

        if (fixture.output) {
          it('converges: the output is reported for nothing but what the fix left', async () => {
            const { findings } = await runOnTree(fixture.input, rules);
            const output = await runOnTree(fixture.output!, rules);
            assert.deepEqual(
              output.findings.map(describeKind).sort(),
              findings.filter(isLeftByFix).map(describeKind).sort(),
            );
          });
        }
      });
    }
  });
}
