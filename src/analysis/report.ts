import type { Node } from 'ts-morph';
import type { Detection, Safety, TextEdit } from '../finding.js';
import { locationOf } from './location.js';
import type { Retention } from './retention.js';

/** A finding about one node, named by its rule's message id and data, before it is known how it ends. */
export interface FindingDraft {
  /** A fix described by `fix`; class `review` when there is a reason to look at it first. */
  fixed(safety: Exclude<Safety, 'report-only'>, fix: string, edits: TextEdit[], reviewBecause?: string): Detection;
  /** No fix, for `reason`. */
  reportOnly(reason: string): Detection;
}

/** `messageId` and `data` say what is wrong and why (see the rule's `meta.messages`); `retention` names what keeps the owner alive. */
export function findingAbout(
  node: Node,
  rule: string,
  messageId: string,
  data: Record<string, string>,
  retention: Retention,
): FindingDraft {
  const location = {
    rule,
    messageId,
    data,
    file: node.getSourceFile().getFilePath(),
    ...locationOf(node),
    offset: node.getStart(),
    severity: retention.severity,
    retention: retention.path,
  };
  return {
    fixed: (safety, fix, edits, reviewBecause) => ({
      ...location,
      safety: reviewBecause ? 'review' : safety,
      fix,
      ...(reviewBecause ? { reviewBecause } : {}),
      edits,
    }),
    reportOnly: (reason) => ({ ...location, safety: 'report-only', unfixableBecause: reason, edits: [] }),
  };
}
