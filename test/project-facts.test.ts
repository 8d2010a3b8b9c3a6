import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { majorAllowedBy } from '../src/project-facts.js';

describe('the Vue major version a package.json allows', () => {
  const cases: [ranges: string[], major: 2 | 3 | undefined][] = [
    [['^2.7.16'], 2],
    [['~2.6.0'], 2],
    [['2.x'], 2],
    [['^3.4.0'], 3],
    [['>=3.2 <4'], 3],
    [['^2.6 || ^3'], undefined],
    [['>=2'], undefined],
    [['latest'], undefined],
    [['workspace:*'], undefined],
    [['^3.4.0', '^3.3.0'], 3],
    [['^2.7.0', '^3.4.0'], undefined],
    [['^3.4.0', 'latest'], undefined],
  ];
  for (const [ranges, major] of cases) {
    it(`${ranges.join(' and ')} → ${major ?? 'unknown'}`, () => assert.equal(majorAllowedBy(ranges), major));
  }
});
