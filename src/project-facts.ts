import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

export type VueVersion = 2 | 3;

/** What rules may ask about the project around a file, beyond its text. Answers are cached for the run. */
export interface ProjectFacts {
  /** The Vue major version of the nearest package.json above `file` that names `vue`; none when its ranges allow both or name none. */
  vueMajor(file: string): VueVersion | undefined;
}

/** Facts read from the package.json files on disk, each read once. */
export function factsFromDisk(): ProjectFacts {
  const vueRangesByDir = new Map<string, string[]>();
  const vueRangesIn = (dir: string): string[] => {
    if (!vueRangesByDir.has(dir)) vueRangesByDir.set(dir, vueRanges(path.join(dir, 'package.json')));
    return vueRangesByDir.get(dir)!;
  };
  return {
    vueMajor(file) {
      // A package.json without vue (`{ "type": "module" }` in a folder) is passed by, up to the repository's root.
      for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
        const ranges = vueRangesIn(dir);
        if (ranges.length > 0) return majorAllowedBy(ranges);
        if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
      }
    },
  };
}

function vueRanges(manifest: string): string[] {
  if (!existsSync(manifest)) return [];
  try {
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    const ranges = [json.dependencies?.vue, json.devDependencies?.vue, json.peerDependencies?.vue];
    return ranges.filter((range): range is string => typeof range === 'string');
  } catch {
    return [];
  }
}

/** 2 for `^2.7.16`, `~2.6.0` or `2.x`; 3 for `^3.4.0`; none for `^2.6 || ^3`, `>=2`, `latest` or `workspace:*`. */
export function majorAllowedBy(ranges: readonly string[]): VueVersion | undefined {
  const allowed = ([2, 3] as const).filter((major) =>
    ranges.some((range) => semver.validRange(range) !== null && semver.intersects(range, `${major}.x`)),
  );
  const unreadable = ranges.some((range) => semver.validRange(range) === null);
  return allowed.length === 1 && !unreadable ? allowed[0] : undefined;
}
