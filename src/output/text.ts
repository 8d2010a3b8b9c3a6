import pc from 'picocolors';
import type { Finding, Safety } from '../finding.js';
import type { FileError } from '../workspace.js';
import { displayPath } from './paths.js';

const SAFETY_LABEL: Record<Safety, string> = {
  safe: pc.green('fixable'),
  review: pc.yellow('review'),
  'report-only': pc.dim('report-only'),
};

/** eslint's stylish layout: findings grouped under their file, then one count line. */
export function formatText(findings: readonly Finding[], errors: readonly FileError[], cwd: string): string {
  const lines: string[] = [];
  let currentFile = '';
  for (const finding of findings) {
    if (finding.file !== currentFile) {
      if (currentFile) lines.push('');
      currentFile = finding.file;
      lines.push(pc.underline(displayPath(finding.file, cwd)));
    }
    const position = `${finding.line}:${finding.column}`.padEnd(7);
    lines.push(`  ${pc.dim(position)} ${finding.rule}  ${finding.message}  (${SAFETY_LABEL[finding.safety]})`);
  }
  if (findings.length > 0) lines.push('');
  lines.push(countLine(findings));
  if (errors.length > 0) lines.push(pc.red(`${errors.length} ${plural(errors.length, 'file')} could not be checked (see above).`));
  return `${lines.join('\n')}\n`;
}

function countLine(findings: readonly Finding[]): string {
  if (findings.length === 0) return pc.green('No leaks found.');
  const bySafety = (safety: Safety) => findings.filter((finding) => finding.safety === safety).length;
  const files = new Set(findings.map((finding) => finding.file)).size;
  const parts = [
    `${bySafety('safe')} fixable`,
    `${bySafety('review')} review`,
    `${bySafety('report-only')} report-only`,
  ];
  return pc.bold(`${findings.length} ${plural(findings.length, 'finding')} in ${files} ${plural(files, 'file')} (${parts.join(', ')})`);
}

export function formatErrors(errors: readonly FileError[], cwd: string): string {
  return errors.map((error) => `unleak: ${displayPath(error.file, cwd)}: ${error.message}\n`).join('');
}

export const plural = (count: number, noun: string): string => (count === 1 ? noun : `${noun}s`);
