import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { factsFromDisk, majorAllowedBy } from '../src/project-facts.js';

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

describe('the print width a project formatter keeps to', () => {
  const cases: [name: string, files: Record<string, string>, width: number | undefined][] = [
    ['none configured', {}, undefined],
    ['.prettierrc as JSON', { '.prettierrc': '{ "printWidth": 100 }' }, 100],
    ['.prettierrc as YAML', { '.prettierrc': 'printWidth: 90\nsemi: false\n' }, 90],
    ['Prettier without printWidth: its default', { '.prettierrc.json': '{ "semi": false }' }, 80],
    ['the prettier key of package.json', { 'package.json': '{ "prettier": { "printWidth": 110 } }' }, 110],
    ['a package.json without prettier says nothing', { 'package.json': '{ "name": "x" }' }, undefined],
    ['biome.json', { 'biome.json': '{ "formatter": { "lineWidth": 120 } }' }, 120],
    ['Biome without lineWidth: its default', { 'biome.json': '{ "formatter": { "enabled": true } }' }, 80],
    ['.editorconfig', { '.editorconfig': 'root = true\n\n[*]\nmax_line_length = 140\n' }, 140],
    [
      'Prettier before EditorConfig',
      { '.prettierrc': '{ "printWidth": 100 }', '.editorconfig': 'max_line_length = 140\n' },
      100,
    ],
  ];
  for (const [name, files, width] of cases) {
    it(`${name} → ${width ?? 'none'}`, () => {
      const root = mkdtempSync(path.join(tmpdir(), 'unleak-width-'));
      mkdirSync(path.join(root, '.git'));
      mkdirSync(path.join(root, 'src'));
      for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, file), text);
      assert.equal(factsFromDisk().printWidth(path.join(root, 'src', 'panel.ts')), width);
    });
  }
});
