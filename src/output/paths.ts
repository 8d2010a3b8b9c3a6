import path from 'node:path';

/** A path as users and other tools see it: relative to the current folder (`.` for itself), with forward slashes. */
export const displayPath = (file: string, cwd: string): string =>
  path.relative(cwd, file).split(path.sep).join('/') || '.';
