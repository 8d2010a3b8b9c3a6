import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { FileChange } from '../finding.js';
import { displayPath } from './paths.js';

/** A unified diff with git's `a/` and `b/` prefixes, so that `git apply` accepts it as it is. */
export function formatDiff(changes: readonly FileChange[], cwd: string): string {
  return changes
    .map((change) => {
      const file = displayPath(change.path, cwd);
      const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, change.before, change.after, undefined, undefined, {
        headerOptions: FILE_HEADERS_ONLY,
      });
      return `diff --git a/${file} b/${file}\n${patch}`;
    })
    .join('');
}
