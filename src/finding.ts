/**
 * The one currency between the pipeline's stages: a transform reports findings,
 * and everything downstream (selection, review, diff, writing) works from them.
 */

/** How a fix may be applied: `safe` without asking, `review` only after consent, `report-only` never. */
export type Safety = 'safe' | 'review' | 'report-only';

/** Replace `[start, end)` of `file`'s text (without BOM) by `text`. An insertion has `start === end`. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface Finding {
  rule: string;
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  safety: Safety;
  /** For a `report-only` finding: why no fix is offered, as the message ends with it. */
  unfixableBecause?: string;
  /** What shows the pattern is a leak here and not only a risk (a long-lived holder); such findings are reviewed first. */
  evidence?: string;
  /**
   * Everything this finding's fix needs, so that it is correct when applied alone.
   * Findings that share a piece (one AbortController field for several listeners)
   * each carry an identical edit for it; identical edits are applied once.
   */
  edits: TextEdit[];
}

export const isFixable = (finding: Finding): boolean => finding.safety !== 'report-only';

/** Whether a run applies this finding without asking: safe fixes, and review ones too with `--unsafe`. */
export const appliesWithoutAsking = (finding: Finding, unsafe: boolean): boolean =>
  finding.safety === 'safe' || (unsafe && finding.safety === 'review');

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}
