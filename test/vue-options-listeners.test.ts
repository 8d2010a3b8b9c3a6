import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from './helpers/cli.js';
import { describeFileFixtures } from './helpers/fixture-suite.js';
import { FIXTURES, runOnFile } from './helpers/fixtures.js';

describeFileFixtures('vue-options-listeners');

describe('vue-options-listeners and the nearest package.json', () => {
  it("adds beforeDestroy(), Vue 2's unmount hook, when the package depends on Vue 2", async () => {
    const project = tempDir();
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { vue: '^2.7.16' } }));
    mkdirSync(path.join(project, 'src'));
    const file = path.join(project, 'src', 'width.ts');
    copyFileSync(path.join(FIXTURES, 'vue-options-listeners', 'window-resize-mounted.input.ts'), file);

    const { findings, result } = await runOnFile(file);
    const expected = readFileSync(
      path.join(FIXTURES, 'vue-options-listeners', 'window-resize-mounted.output.ts'),
      'utf8',
    );
    assert.equal(result, expected.replace('unmounted() {', 'beforeDestroy() {'));
    assert.match(findings[0]!.message, /signal that beforeDestroy\(\) aborts\.$/);
  });

  /** A project with these package.json files (by folder) and the fixture at src/component.ts. */
  async function runInProject(manifests: Record<string, object>, fixture: string) {
    const project = tempDir();
    mkdirSync(path.join(project, 'src'));
    for (const [folder, manifest] of Object.entries(manifests))
      writeFileSync(path.join(project, folder, 'package.json'), JSON.stringify(manifest));
    const file = path.join(project, 'src', 'component.ts');
    copyFileSync(path.join(FIXTURES, 'vue-options-listeners', fixture), file);
    return runOnFile(file);
  }

  const leftoverOutput = () =>
    readFileSync(path.join(FIXTURES, 'vue-options-listeners', 'unknown-version-before-destroy.output.ts'), 'utf8');

  it('on Vue 3, a leftover beforeDestroy() is no teardown: its removal does not count, and unmounted() aborts', async () => {
    const { findings, result } = await runInProject(
      { '.': { dependencies: { vue: '^3.4.21' } } },
      'unknown-version-before-destroy.input.ts',
    );
    assert.equal(result, leftoverOutput());
    assert.deepEqual(
      findings.map((finding) => finding.safety),
      ['safe'],
    );
    assert.match(
      findings[0]!.message,
      /the removal in beforeDestroy\(\) never runs, as Vue 3 does not call beforeDestroy\(\)/,
    );
  });

  it('on Vue 2.7, defineComponent calls beforeDestroy(): the removal there counts', async () => {
    const { findings } = await runInProject(
      { '.': { dependencies: { vue: '~2.7.14' } } },
      'unknown-version-before-destroy.input.ts',
    );
    assert.deepEqual(findings, []);
  });

  it('a range that allows Vue 2 and Vue 3 tells no version: Vue 3 is assumed, for review', async () => {
    const { findings, result } = await runInProject(
      { '.': { peerDependencies: { vue: '^2.6.14 || ^3.2.0' } } },
      'unknown-version-before-destroy.input.ts',
    );
    assert.equal(result, leftoverOutput());
    assert.deepEqual(
      findings.map((finding) => finding.safety),
      ['review'],
    );
  });

  it('passes by a package.json that does not name vue, up to the one that does', async () => {
    const { findings } = await runInProject(
      { '.': { devDependencies: { vue: '2.7.16' } }, src: { type: 'module' } },
      'unknown-version-before-destroy.input.ts',
    );
    assert.deepEqual(findings, []);
  });
});
