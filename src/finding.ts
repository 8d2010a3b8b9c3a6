import type { Splice } from './splice.js';

/**
 * The one currency between the pipeline's stages: a transform reports findings,
 * and everything downstream (selection, review, diff, writing) works from them.
 */

/** How a fix may be applied: `safe` without asking, `review` only after consent, `report-only` never. */
export type Safety = 'safe' | 'review' | 'report-only';

/**
 * Whether unleak can name what keeps the owner alive: a `leak` has a root that outlives the owner;
 * a `risk` has the shape of one, but whether its root outlives the owner is not known. Risks are
 * shown only when asked for, and never fixed without a person.
 */
export type Severity = 'leak' | 'risk';

/**
 * One step of a retention path, as a heap snapshot's retainers view shows it: the root first, then
 * each reference, then the owner kept alive. `file` and `line` (1-based) say where the code makes it.
 */
export interface RetentionStep {
  kind: 'root' | 'edge' | 'owner';
  text: string;
  file: string;
  line: number;
}

/** Replace `[start, end)` of `file`'s text (without BOM) by `text`. An insertion has `start === end`. */
export interface TextEdit extends Splice {
  file: string;
}

export interface Finding {
  rule: string;
  /** Which of the rule's messages this is (`meta.messages`); `data` fills its placeholders. */
  messageId: string;
  data: Readonly<Record<string, string>>;
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where the code the finding points at starts in the file's text: with rule and file, its identity across fix passes. */
  offset: number;
  /** The rule's message for `messageId`, then what happens to it: "Fix: …", or "Not fixed: …". */
  message: string;
  safety: Safety;
  /** What the fix does, in words; absent for a `report-only` finding. */
  fix?: string;
  /** Why the fix needs a person to look at it first (its safety is then `review`). */
  reviewBecause?: string;
  /** For a `report-only` finding: why no fix is offered. */
  unfixableBecause?: string;
  severity: Severity;
  /** Root → edges → owner: what keeps the owner alive after its teardown. Never empty. */
  retention: RetentionStep[];
  /**
   * Everything this finding's fix needs, so that it is correct when applied alone.
   * Findings that share a piece (one AbortController field for several listeners)
   * each carry an identical edit for it; identical edits are applied once.
   */
  edits: TextEdit[];
}

/** A finding as a driver reports it, before its message is rendered from the rule's catalogue. */
export type Detection = Omit<Finding, 'message'>;

/** `template` with its `{{name}}` placeholders filled from the detection's data, then the outcome. */
export function renderMessage(template: string, detection: Detection): string {
  const problem = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = detection.data[name];
    if (value === undefined) throw new Error(`${detection.rule}/${detection.messageId} has no data for {{${name}}}`);
    return value;
  });
  if (detection.unfixableBecause !== undefined) return `${problem}. Not fixed: ${detection.unfixableBecause}.`;
  const review = detection.reviewBecause ? ` Review it first: ${detection.reviewBecause}.` : '';
  return `${problem}. Fix: ${detection.fix}.${review}`;
}

/** A file's text before and after the accepted fixes, both with the BOM it had on disk. */
export interface FileChange {
  path: string;
  before: string;
  after: string;
}

/** A file the run could not read, parse, analyse or write, and why, in one line. */
export interface FileError {
  file: string;
  message: string;
}

export const isFixable = (finding: Finding): boolean => finding.safety !== 'report-only';

export const isLeak = (finding: Finding): boolean => finding.severity === 'leak';

/** Whether a run applies this finding without asking: safe fixes of leaks, and review ones too with `--unsafe`. Never a risk. */
export const appliesWithoutAsking = (finding: Finding, unsafe: boolean): boolean =>
  finding.severity === 'leak' && (finding.safety === 'safe' || (unsafe && finding.safety === 'review'));

/** The path in one line, root first: `window (global) → 'resize' listener → ResizePanel`. */
export const retentionLine = (finding: Pick<Finding, 'retention'>): string =>
  finding.retention.map((step) => step.text).join(' → ');

type Place = Pick<Finding, 'file' | 'line' | 'column' | 'rule'>;

export function compareFindings(a: Place, b: Place): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

/** Errors by file; a file's own stay in the order they were found. */
export const compareErrors = (a: FileError, b: FileError): number => (a.file === b.file ? 0 : a.file < b.file ? -1 : 1);
