import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../src/transforms/index.js';
import { prefilteredAndFull } from './helpers/every-file.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/**
 * A file that no enabled driver's mayDetect accepts is never parsed. That must lose nothing: over the
 * fixtures and the demo, every rule on, risks shown, the prefiltered scan finds what a scan that runs
 * every driver on every file finds. (The real-code corpus is compared in realworld.test.ts.)
 */
describe('the prefilter loses no finding', () => {
  const driverIds = new Set(RULES.flatMap((rule) => rule.drivers.map((driver) => driver.id)));
  const folders = [
    ...readdirSync(FIXTURES)
      .filter((name) => driverIds.has(name))
      .map((name) => path.join(FIXTURES, name)),
    path.join(ROOT, 'examples', 'leaky-app'),
  ];
  for (const folder of folders) {
    it(path.relative(ROOT, folder), async () => {
      // Named one by one, as a case folder without a tsconfig of its own is outside the repository's.
      const files = readdirSync(folder, { recursive: true, encoding: 'utf8' })
        .filter((file) => SOURCE_FILE.test(file))
        .map((file) => path.join(folder, file));
      const { prefiltered, full } = await prefilteredAndFull(ROOT, files, RULES);
      assert.ok(full.length > 0, 'a folder with no findings would prove nothing');
      assert.deepEqual(prefiltered, full);
    });
  }
});
