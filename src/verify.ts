import { fix, type FixResult, type ScannedFiles, type Withdrawal } from './engine.js';
import type { Finding } from './finding.js';
import type { TypeError } from './workspace.js';

/**
 * `fix()`, then the project's type check as judge: every accepted finding whose edits add a type error
 * to a file they change, or to a file importing one, is withdrawn with that error, and the rest is
 * applied. The culprits are found by halving the accepted findings, so one bad fix costs about
 * log2(n) type checks of the touched files, not n.
 */
export function fixTypeChecked(
  findings: readonly Finding[],
  accept: (finding: Finding) => boolean,
  files: ScannedFiles,
): FixResult {
  const first = fix(findings, accept, files);
  const touched = first.changes.map((change) => change.path);
  if (touched.length === 0) return first;
  files.reset();
  const baseline = countByKey(files.typeErrorsAround(touched));
  const addedErrors = (subset: readonly Finding[]): TypeError[] => {
    files.reset();
    const { changes } = fix(subset, () => true, files);
    files.update(new Map(changes.map((change) => [change.path, withoutBom(change.after)])));
    return newErrors(files.typeErrorsAround(touched), baseline);
  };

  const culprits = new Map<Finding, TypeError[]>();
  let remaining = findings.filter(accept);
  for (let errors = addedErrors(remaining); errors.length > 0; errors = addedErrors(remaining)) {
    const found = culpritsAmong(remaining, errors, addedErrors);
    for (const [finding, its] of found) culprits.set(finding, its);
    remaining = remaining.filter((finding) => !found.has(finding));
  }
  if (culprits.size === 0) return first;

  files.reset();
  const verified = fix(remaining, () => true, files);
  const typeErrors: Withdrawal[] = [...culprits].map(([finding, [error]]) => ({
    finding,
    reason: `it adds a type error: ${error!.text}`,
    at: error!,
  }));
  return { ...verified, left: first.left, withdrawn: [...verified.withdrawn, ...typeErrors] };
}

/**
 * The findings of `set` that add type errors, each with its errors: halves that add none are cleared
 * whole. When neither half adds an error alone but both together do, the second half is withdrawn.
 */
function culpritsAmong(
  set: readonly Finding[],
  errors: TypeError[],
  addedErrors: (subset: readonly Finding[]) => TypeError[],
): Map<Finding, TypeError[]> {
  if (set.length === 1) return new Map([[set[0]!, errors]]);
  const middle = Math.ceil(set.length / 2);
  const halves = [set.slice(0, middle), set.slice(middle)];
  const found = new Map<Finding, TypeError[]>();
  const halfErrors = halves.map(addedErrors);
  halves.forEach((half, index) => {
    if (halfErrors[index]!.length > 0)
      for (const entry of culpritsAmong(half, halfErrors[index]!, addedErrors)) found.set(...entry);
  });
  if (found.size === 0) for (const finding of halves[1]!) found.set(finding, errors);
  return found;
}

function countByKey(errors: readonly TypeError[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const error of errors) counts.set(error.key, (counts.get(error.key) ?? 0) + 1);
  return counts;
}

/** Errors beyond the baseline's: the same message in the same file counts only as often as it was there. */
function newErrors(errors: readonly TypeError[], baseline: ReadonlyMap<string, number>): TypeError[] {
  const left = new Map(baseline);
  return errors.filter((error) => {
    const count = left.get(error.key) ?? 0;
    left.set(error.key, count - 1);
    return count <= 0;
  });
}

const withoutBom = (text: string): string => (text.startsWith('\uFEFF') ? text.slice(1) : text);
