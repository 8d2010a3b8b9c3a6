import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Project } from 'ts-morph';
import {
  assertNamesSayWhatCasesShow,
  describeFindingIn,
  describeKind,
  expectedFindingsInTree,
  isLeftByFix,
  projectCases,
  readTree,
  rulesOfFolder,
  runOnTree,
} from './helpers/fixtures.js';

const RULES = rulesOfFolder('back-pointer');
const cases = projectCases('back-pointer');

describe('back-pointer fixture projects', () => {
  it('names say what a case shows: an ok-… case stays untouched, every other case is found', () =>
    assertNamesSayWhatCasesShow(cases, expectedFindingsInTree));

  for (const fixture of cases) {
    describe(fixture.name, () => {
      it('reports the expected findings', async () => {
        const { findings } = await runOnTree(fixture.input, RULES);
        assert.deepEqual(findings.map(describeFindingIn(fixture.input)).sort(), expectedFindingsInTree(fixture.input));
      });

      it(fixture.output ? 'rewrites to the expected tree, byte for byte' : 'leaves every file untouched', async () => {
        const { result } = await runOnTree(fixture.input, RULES);
        assert.deepEqual(result, readTree(fixture.output ?? fixture.input));
      });

      for (const tree of fixture.output ? ['input', 'output'] : ['input']) {
        it(`${tree} type-checks`, () => {
          const project = new Project({ tsConfigFilePath: path.join(fixture.input, '..', tree, 'tsconfig.json') });
          const diagnostics = project.getPreEmitDiagnostics();
          assert.equal(project.formatDiagnosticsWithColorAndContext(diagnostics), '');
        });
      }

      if (fixture.output) {
        it('converges: the output is reported for nothing but what the fix left', async () => {
          const { findings } = await runOnTree(fixture.input, RULES);
          const output = await runOnTree(fixture.output!, RULES);
          assert.deepEqual(
            output.findings.map(describeKind).sort(),
            findings.filter(isLeftByFix).map(describeKind).sort(),
          );
        });
      }
    });
  }
});
