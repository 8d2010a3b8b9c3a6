import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchEdits } from '../src/edits.js';
import { movedOffset } from '../src/engine.js';
import type { Finding, TextEdit } from '../src/finding.js';
import { splice } from '../src/splice.js';

const edit = (start: number, end: number, text: string, file = 'a.ts'): TextEdit => ({ file, start, end, text });

const finding = (name: string, ...edits: TextEdit[]): Finding => ({
  rule: 'lingering-listener',
  messageId: 'neverRemoved',
  data: {},
  file: 'a.ts',
  line: 1,
  column: 1,
  offset: 0,
  message: name,
  safety: 'safe',
  severity: 'leak',
  retention: [],
  edits,
});

describe('splice', () => {
  const cases: { name: string; text: string; splices: TextEdit[]; expected: string }[] = [
    { name: 'a replacement', text: 'abcdef', splices: [edit(1, 3, 'XY')], expected: 'aXYdef' },
    { name: 'an insertion', text: 'abc', splices: [edit(1, 1, '+')], expected: 'a+bc' },
    { name: 'a deletion', text: 'abc', splices: [edit(0, 2, '')], expected: 'c' },
    {
      name: 'several, given in any order, each at its offset in the original',
      text: 'abcdef',
      splices: [edit(4, 5, 'E'), edit(0, 1, 'A'), edit(2, 2, '_')],
      expected: 'Ab_cdEf',
    },
    {
      name: 'an insertion before a replacement starting at the same offset',
      text: 'abc',
      splices: [edit(1, 2, 'B'), edit(1, 1, '>')],
      expected: 'a>Bc',
    },
  ];
  for (const { name, text, splices, expected } of cases) {
    it(name, () => assert.equal(splice(text, splices), expected));
  }
});

describe('batchEdits', () => {
  const cases: { name: string; findings: Finding[]; applied: string[]; deferred: string[]; edits: number }[] = [
    {
      name: 'findings with separate edits are applied together',
      findings: [finding('one', edit(0, 1, 'x')), finding('two', edit(5, 6, 'y'))],
      applied: ['one', 'two'],
      deferred: [],
      edits: 2,
    },
    {
      name: 'an identical edit shared by two findings (one controller field) is applied once',
      findings: [finding('one', edit(0, 0, 'field'), edit(3, 4, 'a')), finding('two', edit(0, 0, 'field'))],
      applied: ['one', 'two'],
      deferred: [],
      edits: 2,
    },
    {
      name: 'overlapping replacements: the later finding waits for the next pass, whole',
      findings: [finding('one', edit(2, 6, 'x')), finding('two', edit(9, 9, 'kept'), edit(4, 8, 'y'))],
      applied: ['one'],
      deferred: ['two'],
      edits: 1,
    },
    {
      name: 'two different insertions at one offset conflict: their order is unknown',
      findings: [finding('one', edit(3, 3, 'a')), finding('two', edit(3, 3, 'b'))],
      applied: ['one'],
      deferred: ['two'],
      edits: 1,
    },
    {
      name: 'edits that touch end to start do not overlap',
      findings: [finding('one', edit(0, 3, 'x')), finding('two', edit(3, 5, 'y'))],
      applied: ['one', 'two'],
      deferred: [],
      edits: 2,
    },
    {
      name: 'the same offsets in another file do not conflict',
      findings: [finding('one', edit(0, 3, 'x')), finding('two', edit(0, 3, 'y', 'b.ts'))],
      applied: ['one', 'two'],
      deferred: [],
      edits: 2,
    },
  ];
  for (const { name, findings, applied, deferred, edits } of cases) {
    it(name, () => {
      const batch = batchEdits(findings);
      assert.deepEqual(
        batch.applied.map((f) => f.message),
        applied,
      );
      assert.deepEqual(
        batch.deferred.map((f) => f.message),
        deferred,
      );
      assert.equal([...batch.editsByFile.values()].flat().length, edits);
    });
  }
});

describe('movedOffset: where code moves to when other edits are made', () => {
  const cases: { name: string; edits: TextEdit[]; moved: number | undefined }[] = [
    { name: 'no edit', edits: [], moved: 10 },
    { name: 'an edit after it', edits: [edit(12, 14, 'xyz')], moved: 10 },
    { name: 'a longer replacement before it', edits: [edit(2, 4, 'abcd')], moved: 12 },
    { name: 'a deletion before it', edits: [edit(0, 5, '')], moved: 5 },
    { name: 'an insertion right at it: the inserted text goes before', edits: [edit(10, 10, 'ab')], moved: 12 },
    { name: 'a replacement ending right at it', edits: [edit(7, 10, 'a')], moved: 8 },
    { name: 'a replacement starting at it: rewritten', edits: [edit(10, 12, 'a')], moved: undefined },
    { name: 'a replacement around it: rewritten', edits: [edit(8, 12, 'a')], moved: undefined },
    { name: 'several before it add up', edits: [edit(0, 0, 'abc'), edit(5, 6, '')], moved: 12 },
  ];
  for (const { name, edits, moved } of cases) {
    it(name, () => assert.equal(movedOffset(10, edits), moved));
  }
});
