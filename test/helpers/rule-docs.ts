import path from 'node:path';
import { fix, scanText } from '../../src/engine.js';
import { appliesWithoutAsking, retentionLine, type Finding } from '../../src/finding.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { RULES } from '../../src/transforms/index.js';

/** The source tree's root, found from the compiled file in dist-test/test/helpers. */
export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A fenced block of a docs page: ```<language> <kind>, its code, and where the code starts and ends. */
export interface Block {
  language: string;
  kind: string;
  code: string;
  line: number;
  start: number;
  end: number;
}

export function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/^```(\w+)(?: (\w+))?\n([\s\S]*?)^```$/gm)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    const start = match.index + match[0].indexOf('\n') + 1;
    blocks.push({
      language: match[1]!,
      kind: match[2] ?? '',
      code: match[3]!,
      line,
      start,
      end: start + match[3]!.length,
    });
  }
  return blocks;
}

/** What the docs show of a finding, under its example. */
export const shown = (finding: Finding): string =>
  [
    `${finding.line}:${finding.column}  ${finding.messageId}  ${finding.safety}${finding.severity === 'risk' ? '  risk' : ''}`,
    `  ${finding.message}`,
    `  kept alive by: ${retentionLine(finding)}`,
  ].join('\n');

/** An example scanned as one file, without a disk, every rule on and risks shown, then fixed as `fix --yes --unsafe`. */
export function runExample(block: Block): { findings: Finding[]; errors: string[]; fixed: string } {
  const file = path.join(ROOT, `example.${block.language}`);
  const scanned = scanText(file, block.code, RULES, { ...DEFAULT_SETTINGS, includeRisks: true });
  const { changes } = fix(scanned.findings, (finding) => appliesWithoutAsking(finding, true), scanned.files);
  return {
    findings: scanned.findings,
    errors: scanned.errors.map((error) => error.message),
    fixed: changes[0]?.after ?? block.code,
  };
}
