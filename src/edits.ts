import type { Finding, TextEdit } from './finding.js';

/** Findings whose edits can be applied together in one pass, and those that must wait for the next. */
export interface EditBatch {
  applied: Finding[];
  deferred: Finding[];
  /** Distinct edits of the applied findings, grouped by file. */
  editsByFile: Map<string, TextEdit[]>;
}

const sameEdit = (a: TextEdit, b: TextEdit): boolean =>
  a.file === b.file && a.start === b.start && a.end === b.end && a.text === b.text;

/** Identical edits never conflict (they are applied once); two insertions at one point do, since their order is unknown. */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file || sameEdit(a, b)) return false;
  const bothInsertions = a.start === a.end && b.start === b.end;
  if (bothInsertions) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * Takes findings in order and accepts each one whose edits conflict with none already accepted.
 * A conflicting finding is deferred whole, never merged: the next pass re-detects it on the new text.
 */
export function batchEdits(findings: readonly Finding[]): EditBatch {
  const batch: EditBatch = { applied: [], deferred: [], editsByFile: new Map() };
  for (const finding of findings) {
    const accepted = (edit: TextEdit) => batch.editsByFile.get(edit.file) ?? [];
    const clash = finding.edits.some((edit) => accepted(edit).some((other) => conflicts(edit, other)));
    if (clash) {
      batch.deferred.push(finding);
      continue;
    }
    batch.applied.push(finding);
    for (const edit of finding.edits) {
      const fileEdits = accepted(edit);
      if (!fileEdits.some((other) => sameEdit(edit, other))) fileEdits.push(edit);
      batch.editsByFile.set(edit.file, fileEdits);
    }
  }
  return batch;
}
