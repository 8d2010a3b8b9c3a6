import type { FixResult } from '../engine.js';
import { compareFindings, type Finding } from '../finding.js';
import type { ReviewDecision } from '../review.js';
import { displayPath } from './paths.js';
import { plural } from './text.js';

/** What the review decided, by rule, and the files a confirmation would write. */
export function reviewSummary(decision: ReviewDecision, result: FixResult, cwd: string): string {
  const rules = [...new Set([...decision.accepted, ...decision.skipped].map((finding) => finding.rule))].sort();
  const count = (findings: Finding[], rule: string) => findings.filter((finding) => finding.rule === rule).length;
  const lines = ['', `Accepted ${decision.accepted.length}, skipped ${decision.skipped.length}:`];
  for (const rule of rules) {
    lines.push(
      `  ${rule.padEnd(22)} ${count(decision.accepted, rule)} accepted, ${count(decision.skipped, rule)} skipped`,
    );
  }
  lines.push(...withdrawals(result, cwd));
  const files = result.changes.map((change) => displayPath(change.path, cwd));
  lines.push(files.length > 0 ? `Files to be written (${files.length}):` : 'Nothing to write.');
  lines.push(...files.map((file) => `  ${file}`));
  return `${lines.join('\n')}\n`;
}

/** `found`: the findings of the scan; `files`: how many files were written, or with --dry-run would be. */
export function fixSummary(found: number, result: FixResult, files: number, verb: string, cwd: string): string {
  const lines = [
    `unleak: ${files} ${plural(files, 'file')} ${verb}, ${result.fixed.length} of ${found} ${plural(found, 'finding')} fixed.`,
  ];
  lines.push(...withdrawals(result, cwd));
  if (result.left.length > 0) {
    lines.push(`Left as they are (${result.left.length}):`);
    lines.push(...[...result.left].sort(compareFindings).map((finding) => entry(finding, whyLeft(finding), cwd)));
  }
  return `${lines.join('\n')}\n`;
}

/** Findings the run set out to fix and did not: every one is named, so the counts add up. */
function withdrawals(result: FixResult, cwd: string): string[] {
  if (result.withdrawn.length === 0) return [];
  const sorted = [...result.withdrawn].sort((a, b) => compareFindings(a.finding, b.finding));
  return [
    `Withdrawn (${result.withdrawn.length}):`,
    ...sorted.flatMap(({ finding, reason, at, details }) => {
      const where = at ? ` (at ${displayPath(at.file, cwd)}:${at.line}:${at.column} after the fix)` : '';
      const evidence = details ? details.split('\n').map((line) => `      | ${line}`) : [];
      return [entry(finding, `withdrawn: ${reason}${where}`, cwd), ...evidence];
    }),
  ];
}

const entry = (finding: Finding, why: string, cwd: string): string =>
  `  ${displayPath(finding.file, cwd)}:${finding.line}:${finding.column}  ${finding.rule}  ${why}`;

function whyLeft(finding: Finding): string {
  if (finding.severity === 'risk')
    return 'risk: its root is not known to outlive the owner, so only a person may fix it';
  if (finding.safety === 'report-only') return `report-only: ${finding.unfixableBecause ?? finding.message}`;
  if (finding.safety === 'review') return 'needs review: run with --unsafe, or without --yes to review it';
  return 'not selected in the review';
}
