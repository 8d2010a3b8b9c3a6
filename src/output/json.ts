import { isFixable, type FileError, type Finding } from '../finding.js';
import { displayPath } from './paths.js';

/** The stable JSON contract of `unleak scan --format json`, version 1. Other tools read it: change nothing lightly. */
export function formatJson(findings: readonly Finding[], errors: readonly FileError[], cwd: string): string {
  const report = {
    version: 1,
    findings: findings.map((finding) => ({
      rule: finding.rule,
      messageId: finding.messageId,
      data: finding.data,
      file: displayPath(finding.file, cwd),
      line: finding.line,
      column: finding.column,
      message: finding.message,
      safety: finding.safety,
      fixable: isFixable(finding),
      ...(finding.fix === undefined ? {} : { fix: finding.fix }),
      ...(finding.reviewBecause === undefined ? {} : { reviewBecause: finding.reviewBecause }),
      ...(finding.unfixableBecause === undefined ? {} : { unfixableBecause: finding.unfixableBecause }),
      severity: finding.severity,
      retention: finding.retention.map((step) => ({ ...step, file: displayPath(step.file, cwd) })),
    })),
    errors: errors.map((error) => ({ file: displayPath(error.file, cwd), message: error.message })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
