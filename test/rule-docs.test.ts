import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../src/finding.js';
import { RULES } from '../src/transforms/index.js';
import { blocksOf, ROOT, runExample, shown, type Block } from './helpers/rule-docs.js';

/**
 * Each rule's docs page is also its test, as Biome's are: every ```ts invalid block gives findings of
 * the rule, exactly as the ```text block after it shows them; a ```ts fixed block after that is what
 * `fix --yes --unsafe` writes (without one, the example stays as it is); every ```ts valid block gives
 * no finding of any rule. Examples run one file at a time, risks shown, as the jscodeshift front door runs.
 * After a deliberate change of output: `node dist-test/test/helpers/update-docs.js <rule-id>`, then read the diff.
 */
function run(block: Block): { findings: Finding[]; fixed: string } {
  const { findings, errors, fixed } = runExample(block);
  assert.deepEqual(errors, [], `the example at line ${block.line} parses`);
  return { findings, fixed };
}

for (const rule of RULES) {
  const page = path.join(ROOT, rule.meta.docs);

  describe(`docs of ${rule.meta.id}`, () => {
    it('is where the rule says', () => {
      assert.equal(rule.meta.docs, `docs/rules/${rule.meta.id}.md`);
      assert.ok(existsSync(page), `${rule.meta.docs} exists`);
    });
    if (!existsSync(page)) return;
    const blocks = blocksOf(readFileSync(page, 'utf8'));
    const shownIds = new Set<string>();

    blocks.forEach((block, index) => {
      if (block.kind === 'invalid') {
        it(`invalid example at line ${block.line} is found as shown, and fixed as shown`, () => {
          const { findings, fixed } = run(block);
          const own = findings.filter((finding) => finding.rule === rule.meta.id);
          assert.ok(own.length > 0, `a ${rule.meta.id} finding`);
          for (const finding of own) shownIds.add(finding.messageId);
          const output = blocks[index + 1];
          assert.equal(output?.language, 'text', 'the findings follow in a ```text block');
          assert.equal(findings.map(shown).join('\n\n'), output.code.trimEnd());
          const after = blocks[index + 2];
          assert.equal(fixed, after?.kind === 'fixed' ? after.code : block.code);
        });
      }
      if (block.kind === 'valid') {
        it(`valid example at line ${block.line} gives no finding`, () => {
          assert.deepEqual(run(block).findings.map(shown), []);
        });
      }
    });

    it('has invalid and valid examples, and shows every message of the rule', () => {
      assert.ok(blocks.some((block) => block.kind === 'invalid'));
      assert.ok(blocks.some((block) => block.kind === 'valid'));
      for (const block of blocks.filter((candidate) => candidate.kind === 'invalid')) {
        for (const finding of run(block).findings) if (finding.rule === rule.meta.id) shownIds.add(finding.messageId);
      }
      assert.deepEqual([...shownIds].sort(), Object.keys(rule.meta.messages).sort());
    });
  });
}

describe('message ids', () => {
  it('name one message of one rule each, so an id alone tells the rule', () => {
    const ids = RULES.flatMap((rule) => Object.keys(rule.meta.messages));
    assert.deepEqual(ids, [...new Set(ids)]);
  });
});
