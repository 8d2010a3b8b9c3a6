import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from './helpers/cli.js';
import { describeFileFixtures } from './helpers/fixture-suite.js';
import { FIXTURES, runOnFile } from './helpers/fixtures.js';

describeFileFixtures('vue-options-listeners', { cases: 25, untouched: 11 });

describe('vue-options-listeners and the nearest package.json', () => {
  it("adds beforeDestroy(), Vue 2's unmount hook, when the package depends on Vue 2", async () => {
    const project = tempDir();
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { vue: '^2.7.16' } }));
    mkdirSync(path.join(project, 'src'));
    const file = path.join(project, 'src', 'width.ts');
    copyFileSync(path.join(FIXTURES, 'vue-options-listeners', 'window-resize-mounted.input.ts'), file);

    const { findings, result } = await runOnFile(file);
    const expected = readFileSync(path.join(FIXTURES, 'vue-options-listeners', 'window-resize-mounted.output.ts'), 'utf8');
    assert.equal(result, expected.replace('unmounted() {', 'beforeDestroy() {'));
    assert.match(findings[0]!.message, /signal that beforeDestroy\(\) aborts\.$/);
  });
});
