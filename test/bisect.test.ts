import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { culpritsAmong } from '../src/bisect.js';

/** A trial that fails, naming the culprits it holds, when its subset holds every item of one of `breaking`. */
function trialBreakingOn(breaking: readonly (readonly number[])[]) {
  const trials: number[][] = [];
  const trial = async (subset: readonly number[]) => {
    // Unlike a type check, the trial yields to the event loop: a search that never ends meets the timeout.
    await new Promise(setImmediate);
    trials.push([...subset]);
    const broken = breaking.filter((set) => set.every((item) => subset.includes(item)));
    return broken.length > 0 ? broken.flat().join('+') : undefined;
  };
  return { trial, trials };
}

describe('culpritsAmong(): the items that make a trial fail, by halving', () => {
  const cases: [string, number[], number[][], [number, string][], number][] = [
    ['none to search, though the trial fails with none', [], [[]], [], 0],
    ['the one item', [7], [[7]], [[7, 'whole']], 0],
    ['one culprit among 8, in 2·log2(8) trials', [1, 2, 3, 4, 5, 6, 7, 8], [[6]], [[6, '6']], 6],
    [
      'two culprits, each found with its own failure',
      [1, 2, 3, 4],
      [[1], [4]],
      [
        [1, '1'],
        [4, '4'],
      ],
      6,
    ],
    [
      'two that fail only together: the second half is blamed with the whole failure',
      [1, 2],
      [[1, 2]],
      [[2, 'whole']],
      2,
    ],
  ];
  for (const [name, items, breaking, expected, trialCount] of cases) {
    it(`${name} → ${JSON.stringify(expected)}`, { timeout: 5000 }, async () => {
      const { trial, trials } = trialBreakingOn(breaking);
      const found = await culpritsAmong(items, 'whole', trial);
      assert.deepEqual([...found], expected);
      assert.equal(trials.length, trialCount);
    });
  }
});
