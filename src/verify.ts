import { fix, type FixResult, type ScannedFiles, type Withdrawal } from './engine.js';
import type { Finding } from './finding.js';
import type { TypeDiagnostic } from './workspace.js';
import { culpritsAmong } from './bisect.js';

/**
 * `fix()`, then the project's type check as judge: every accepted finding whose edits add a type error
 * to a file they change, or to a file importing one, is withdrawn with that error, and the rest is
 * applied. The culprits are found by halving the accepted findings, so one bad fix costs about
 * 2·log2(n) type checks of the touched files, not n.
 */
export async function fixTypeChecked(
  findings: readonly Finding[],
  accept: (finding: Finding) => boolean,
  files: ScannedFiles,
): Promise<FixResult> {
  const first = fix(findings, accept, files);
  const touched = first.changes.map((change) => change.path);
  if (touched.length === 0) return first;
  const textsOf = (result: FixResult) =>
    new Map(result.changes.map((change) => [change.path, withoutBom(change.after)]));
  // The baseline is measured on a program built afresh, as every trial's is: the checker words some
  // errors after the order it met the types in (pixijs: a TS2344 with another type text), and the
  // scan's checker has answered the analysis's questions first.
  files.update(textsOf(first));
  const firstErrors = files.typeErrorsAround(touched);
  files.reset();
  const baseline = countByKey(files.typeErrorsAround(touched));
  // The result whose texts the workspace holds: each trial fixes a subset, the last one what is kept.
  let last = first;
  files.update(textsOf(first));
  const added = (errors: readonly TypeDiagnostic[]): TypeDiagnostic[] | undefined => {
    const beyond = newErrors(errors, baseline);
    return beyond.length > 0 ? beyond : undefined;
  };
  const addedErrors = async (subset: readonly Finding[]): Promise<TypeDiagnostic[] | undefined> => {
    files.reset();
    last = fix(subset, () => true, files);
    files.update(textsOf(last));
    return added(files.typeErrorsAround(touched));
  };

  const culprits = new Map<Finding, TypeDiagnostic[]>();
  let remaining = findings.filter(accept);
  // Ends when the fixes left add no error, or none is left (an error no fix causes is not theirs).
  for (let errors = added(firstErrors); errors && remaining.length > 0; errors = await addedErrors(remaining)) {
    const found = await culpritsAmong(remaining, errors, addedErrors);
    for (const [finding, its] of found) culprits.set(finding, its);
    remaining = remaining.filter((finding) => !found.has(finding));
  }
  const typeErrors: Withdrawal[] = [...culprits].map(([finding, [error]]) => ({
    finding,
    reason: `it adds a type error: ${error!.text}`,
    at: error!,
  }));
  return { ...last, left: first.left, withdrawn: [...last.withdrawn, ...typeErrors] };
}

function countByKey(errors: readonly TypeDiagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const error of errors) counts.set(error.key, (counts.get(error.key) ?? 0) + 1);
  return counts;
}

/** Errors beyond the baseline's: the same message in the same file counts only as often as it was there. */
function newErrors(errors: readonly TypeDiagnostic[], baseline: ReadonlyMap<string, number>): TypeDiagnostic[] {
  const left = new Map(baseline);
  return errors.filter((error) => {
    const count = left.get(error.key) ?? 0;
    left.set(error.key, count - 1);
    return count <= 0;
  });
}

const withoutBom = (text: string): string => (text.startsWith('\uFEFF') ? text.slice(1) : text);
