import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import type { FileChange, FileError } from './finding.js';

export interface WriteResult {
  written: string[];
  /** Files not written because they changed on disk after they were read. */
  skipped: FileError[];
}

/**
 * The only place unleak writes to disk. Each file is written atomically (temp file + rename, keeping
 * its mode) and only if its bytes are still those the run read; otherwise it is skipped and reported.
 */
export async function writeChanges(changes: readonly FileChange[]): Promise<WriteResult> {
  const result: WriteResult = { written: [], skipped: [] };
  for (const change of changes) {
    const current = await readFile(change.path, 'utf8').catch(() => undefined);
    if (current !== change.before) {
      result.skipped.push({ file: change.path, message: 'changed on disk since it was read; not written' });
      continue;
    }
    await writeFileAtomic(change.path, change.after, { encoding: 'utf8' });
    result.written.push(change.path);
  }
  return result;
}
