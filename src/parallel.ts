import { Worker } from 'node:worker_threads';
import { compareErrors, compareFindings, type FileError, type Finding } from './finding.js';
import type { Settings } from './settings.js';
import type { Shard } from './shard.js';

/** What a scan worker is asked: one shard of a scan, rules by id (a rule's code cannot cross threads). */
export interface ShardRequest {
  cwd: string;
  paths: readonly string[];
  ruleIds: readonly string[];
  settings: Settings;
  shard: Shard;
}

export type ShardMessage =
  | { progress: { done: number; total: number } }
  | { result: { findings: Finding[]; errors: FileError[] } }
  | { failure: string };

export interface ParallelScan extends Omit<ShardRequest, 'shard'> {
  jobs: number;
  progress?: (done: number, total: number) => void;
}

/**
 * A scan split into `jobs` shards, one worker thread each, merged into what one thread gives: the
 * same findings in the same order, and each error once (every shard reports discovery's).
 */
export async function scanInParallel(options: ParallelScan): Promise<{ findings: Finding[]; errors: FileError[] }> {
  const { jobs, progress = () => {}, ...request } = options;
  const counts = Array.from({ length: jobs }, () => ({ done: 0, total: 0 }));
  const report = () =>
    progress(
      counts.reduce((sum, count) => sum + count.done, 0),
      counts.reduce((sum, count) => sum + count.total, 0),
    );
  const parts = await Promise.all(
    counts.map((count, index) =>
      scanShard({ ...request, shard: { index: index + 1, count: jobs } }, (done, total) => {
        Object.assign(count, { done, total });
        report();
      }),
    ),
  );
  const errors = new Map(
    parts.flatMap((part) => part.errors).map((error) => [`${error.file}\0${error.message}`, error]),
  );
  return {
    findings: parts.flatMap((part) => part.findings).sort(compareFindings),
    errors: [...errors.values()].sort(compareErrors),
  };
}

function scanShard(
  request: ShardRequest,
  progress: (done: number, total: number) => void,
): Promise<{ findings: Finding[]; errors: FileError[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: request });
    worker.on('message', (message: ShardMessage) => {
      if ('progress' in message) progress(message.progress.done, message.progress.total);
      else if ('result' in message) resolve(message.result);
      else reject(new Error(message.failure));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`a scan worker stopped with exit code ${code}`));
    });
  });
}
