import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
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

/** Where a verification keeps the originals of the files it tries fixes in, until it ends. */
export const JOURNAL = '.unleak-journal.json';

/**
 * Files a verification puts trial versions of on disk, one atomic write each, with their originals in
 * a journal written before the first trial: whatever stops the run (Ctrl-C, a kill, a crash), every file
 * is its old or a new version, and the next run restores the originals (`restoreInterrupted`).
 */
export class TrialFiles {
  private readonly onDisk: Map<string, string>;

  private constructor(
    private readonly journal: string,
    private readonly originals: ReadonlyMap<string, string>,
  ) {
    this.onDisk = new Map(originals);
  }

  /** Journals the files' originals; refuses when one changed on disk since it was read. */
  static async begin(cwd: string, originals: ReadonlyMap<string, string>): Promise<TrialFiles> {
    for (const [file, original] of originals) {
      if ((await readFile(file, 'utf8').catch(() => undefined)) !== original)
        throw new Error(`${file} changed on disk since it was read; nothing was written`);
    }
    const journal = path.join(cwd, JOURNAL);
    await writeFileAtomic(journal, JSON.stringify({ version: 1, files: Object.fromEntries(originals) }));
    return new TrialFiles(journal, originals);
  }

  /** Puts each file at its text in `texts`, or back to its original. */
  async show(texts: ReadonlyMap<string, string>): Promise<void> {
    for (const [file, original] of this.originals) {
      const wanted = texts.get(file) ?? original;
      if (this.onDisk.get(file) === wanted) continue;
      await writeFileAtomic(file, wanted, { encoding: 'utf8' });
      this.onDisk.set(file, wanted);
    }
  }

  /** Leaves the files at `texts` (the originals when none) and drops the journal. */
  async end(texts: ReadonlyMap<string, string> = new Map()): Promise<void> {
    await this.show(texts);
    await rm(this.journal, { force: true });
  }
}

/** Puts back the originals a verification stopped by a kill left in its journal; the files restored. */
export async function restoreInterrupted(cwd: string): Promise<string[]> {
  const journal = path.join(cwd, JOURNAL);
  const text = await readFile(journal, 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const { files } = JSON.parse(text) as { files: Record<string, string> };
  for (const [file, original] of Object.entries(files)) await writeFileAtomic(file, original, { encoding: 'utf8' });
  await rm(journal, { force: true });
  return Object.keys(files);
}
