import pc from 'picocolors';
import { retentionLine, type FileError, type Finding, type Safety } from '../finding.js';
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
    const label =
      finding.severity === 'risk'
        ? `${pc.magenta('risk')}, ${SAFETY_LABEL[finding.safety]}`
        : SAFETY_LABEL[finding.safety];
    lines.push(`  ${pc.dim(position)} ${finding.rule}  ${finding.message}  (${label})`);
    lines.push(`  ${' '.repeat(7)} ${pc.dim(retentionLine(finding))}`);
  }
  if (findings.length > 0) lines.push('');
  lines.push(countLine(findings));
  if (errors.length > 0)
    lines.push(pc.red(`${errors.length} ${plural(errors.length, 'file')} could not be checked (see above).`));
  return `${lines.join('\n')}\n`;
}

function countLine(findings: readonly Finding[]): string {
  const leaks = findings.filter((finding) => finding.severity === 'leak');
  const risks = findings.length - leaks.length;
  const riskPart = risks > 0 ? `; ${risks} ${plural(risks, 'risk')}, not counted` : '';
  if (leaks.length === 0) return pc.green(`No leaks found${riskPart}.`);
  const bySafety = (safety: Safety) => leaks.filter((finding) => finding.safety === safety).length;
  const files = new Set(leaks.map((finding) => finding.file)).size;
  const parts = [
    `${bySafety('safe')} fixable`,
    `${bySafety('review')} review`,
    `${bySafety('report-only')} report-only`,
  ];
  return pc.bold(
    `${leaks.length} ${plural(leaks.length, 'leak')} in ${files} ${plural(files, 'file')} (${parts.join(', ')})${riskPart}`,
  );
}

export function formatErrors(errors: readonly FileError[], cwd: string): string {
  return errors.map((error) => `unleak: ${displayPath(error.file, cwd)}: ${error.message}\n`).join('');
}

export const plural = (count: number, noun: string, nouns = `${noun}s`): string => (count === 1 ? noun : nouns);
