import path from 'node:path';

/** One of `count` parts of a run's files: a CI matrix runs each on its own machine. */
export interface Shard {
  /** 1-based, as `--shard 2/4` says. */
  index: number;
  count: number;
}

export class ShardError extends Error {}

/** `2/4` → the second of four shards. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ShardError(`--shard takes k/n with 1 ≤ k ≤ n, as in 2/4; got '${text}'`);
  }
  return { index, count };
}

/**
 * Whether a file is analysed in this shard. A file's shard follows from its path relative to the
 * folder the run starts in (FNV-1a), so every machine of a matrix splits alike, and adding a file
 * moves no other file to another shard.
 */
export function inShard(shard: Shard, cwd: string): (file: string) => boolean {
  return (file) => fnv1a(path.relative(cwd, file).split(path.sep).join('/')) % shard.count === shard.index - 1;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
