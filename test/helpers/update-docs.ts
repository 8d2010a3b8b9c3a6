/**
 * Rewrites the ```text and ```ts fixed blocks under each invalid example of a rule's docs page from what
 * unleak makes of the example now. For a deliberate change of a message or a fix: read every diff
 * before committing it.
 *
 *   npx tsc -p tsconfig.test.json && node dist-test/test/helpers/update-docs.js lingering-listener
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { blocksOf, ROOT, runExample, shown } from './rule-docs.js';

const ruleId = process.argv[2];
if (!ruleId) throw new Error('usage: update-docs.js <rule-id>');
const page = path.join(ROOT, 'docs', 'rules', `${ruleId}.md`);
let markdown = readFileSync(page, 'utf8');
const blocks = blocksOf(markdown);
const replacements: { start: number; end: number; text: string }[] = [];
blocks.forEach((block, index) => {
  if (block.kind !== 'invalid') return;
  const { findings, fixed } = runExample(block);
  const [output, after] = [blocks[index + 1], blocks[index + 2]];
  if (output?.language === 'text') replacements.push({ ...output, text: `${findings.map(shown).join('\n\n')}\n` });
  if (after?.kind === 'fixed') replacements.push({ ...after, text: fixed });
});
for (const { start, end, text } of replacements.sort((a, b) => b.start - a.start)) {
  markdown = markdown.slice(0, start) + text + markdown.slice(end);
}
writeFileSync(page, markdown);
console.log(`${page}: ${replacements.length} blocks rewritten`);
