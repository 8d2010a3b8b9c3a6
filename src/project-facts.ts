import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

export type VueVersion = 2 | 3;

/** What rules may ask about the project around a file, beyond its text. Answers are cached for the run. */
export interface ProjectFacts {
  /** The Vue major version of the nearest package.json above `file` that names `vue`; none when its ranges allow both or name none. */
  vueMajor(file: string): VueVersion | undefined;
  /** The line width the project's formatter keeps `file` to (Prettier, Biome or EditorConfig); none when none says. */
  printWidth(file: string): number | undefined;
}

/** Facts read from the package.json files on disk, each read once. */
export function factsFromDisk(): ProjectFacts {
  const vueRangesByDir = new Map<string, string[]>();
  const vueRangesIn = (dir: string): string[] => {
    if (!vueRangesByDir.has(dir)) vueRangesByDir.set(dir, vueRanges(path.join(dir, 'package.json')));
    return vueRangesByDir.get(dir)!;
  };
  const widthByDir = new Map<string, number | undefined>();
  const widthIn = (dir: string): number | undefined => {
    if (!widthByDir.has(dir)) widthByDir.set(dir, formatterWidth(dir));
    return widthByDir.get(dir);
  };
  return {
    printWidth(file) {
      for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
        const width = widthIn(dir);
        if (width !== undefined) return width;
        if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
      }
    },
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

/** Prettier's and Biome's width when their config does not set one. */
const FORMATTER_DEFAULT_WIDTH = 80;

/**
 * The width a formatter configured in `dir` keeps lines to: Prettier's `printWidth` (a `.prettierrc*` or
 * package.json's `prettier`), Biome's `formatter.lineWidth`, or EditorConfig's `max_line_length`.
 */
function formatterWidth(dir: string): number | undefined {
  const read = (name: string) => {
    const file = path.join(dir, name);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  const prettier = ['.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yaml', '.prettierrc.yml']
    .map(read)
    .find((text) => text !== undefined);
  if (prettier !== undefined) return numberAfter(prettier, /printWidth["']?\s*[:=]\s*(\d+)/) ?? FORMATTER_DEFAULT_WIDTH;
  const manifest = read('package.json');
  if (manifest !== undefined && /"prettier"\s*:\s*\{/.test(manifest))
    return numberAfter(manifest, /"printWidth"\s*:\s*(\d+)/) ?? FORMATTER_DEFAULT_WIDTH;
  const biome = read('biome.json') ?? read('biome.jsonc');
  if (biome !== undefined) return numberAfter(biome, /"lineWidth"\s*:\s*(\d+)/) ?? FORMATTER_DEFAULT_WIDTH;
  const editorConfig = read('.editorconfig');
  return editorConfig === undefined ? undefined : numberAfter(editorConfig, /^\s*max_line_length\s*=\s*(\d+)/m);
}

const numberAfter = (text: string, pattern: RegExp): number | undefined => {
  const match = pattern.exec(text)?.[1];
  return match === undefined ? undefined : Number(match);
};
