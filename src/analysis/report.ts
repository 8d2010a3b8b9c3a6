import type { Node } from 'ts-morph';
import type { Finding, Safety, TextEdit } from '../finding.js';
import { locationOf } from './location.js';
import type { Retention } from './retention.js';

/** A finding about one node, told in one sentence, before it is known how it ends. */
export interface FindingDraft {
  /** "<problem>. Fix: <fix>." — "… Review it first: <why>." and class `review` when there is a reason to. */
  fixed(safety: Exclude<Safety, 'report-only'>, fix: string, edits: TextEdit[], reviewBecause?: string): Finding;
  /** "<problem>. Not fixed: <reason>." */
  reportOnly(reason: string): Finding;
}

/** `problem` says what is wrong and why, without its final period; `retention` names what keeps the owner alive. */
export function findingAbout(node: Node, rule: string, problem: string, retention: Retention): FindingDraft {
  const location = {
    rule,
    file: node.getSourceFile().getFilePath(),
    ...locationOf(node),
    severity: retention.severity,
    retention: retention.path,
  };
  return {
    fixed: (safety, fix, edits, reviewBecause) => ({
      ...location,
      safety: reviewBecause ? 'review' : safety,
      message: `${problem}. Fix: ${fix}.${reviewBecause ? ` Review it first: ${reviewBecause}.` : ''}`,
      edits,
    }),
    reportOnly: (reason) => ({
      ...location,
      safety: 'report-only',
      message: `${problem}. Not fixed: ${reason}.`,
      unfixableBecause: reason,
      edits: [],
    }),
  };
}
