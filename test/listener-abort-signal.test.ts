import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Project } from 'ts-morph';
import { describeFinding, expectedFindings, fixtureCases, FIXTURES, runOnFile } from './helpers/fixtures.js';

const cases = fixtureCases('listener-abort-signal');

describe('listener-abort-signal fixtures', () => {
  it('has a case for every shape the issue names', () => {
    assert.ok(cases.length >= 25, `only ${cases.length} cases`);
    assert.ok(cases.filter((c) => !c.output).length >= 8, 'too few cases that must stay untouched');
  });

  for (const fixture of cases) {
    describe(fixture.name, () => {
      it('reports the expected findings', async () => {
        const { findings } = await runOnFile(fixture.input);
        assert.deepEqual(findings.map(describeFinding).sort(), expectedFindings(fixture.input));
      });

      it(fixture.output ? 'rewrites to the expected output, byte for byte' : 'leaves the file untouched', async () => {
        const { result } = await runOnFile(fixture.input);
        const expected = readFileSync(fixture.output ?? fixture.input, 'utf8');
        assert.equal(result, expected);
      });

      if (fixture.output) {
        it('converges: the output has nothing left to fix', async () => {
          const { findings } = await runOnFile(fixture.output!);
          assert.deepEqual(findings.filter((finding) => finding.safety !== 'report-only'), []);
        });
      }
    });
  }
});

describe('listener-abort-signal fixtures type-check', () => {
  it('every input and output compiles with the fixtures tsconfig', () => {
    const project = new Project({ tsConfigFilePath: path.join(FIXTURES, 'listener-abort-signal', 'tsconfig.json') });
    const diagnostics = project.getPreEmitDiagnostics().filter((d) => !d.getSourceFile()?.getFilePath().endsWith('.js'));
    assert.equal(project.formatDiagnosticsWithColorAndContext(diagnostics), '');
  });
});
