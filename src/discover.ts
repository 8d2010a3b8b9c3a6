import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { glob } from 'tinyglobby';
import { ts } from 'ts-morph';

export const SOURCE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const SOURCE_FILE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);

/** Files that share one set of compiler options: those of a tsconfig.json, or the defaults without one. */
export interface ProjectGroup {
  configFile?: string;
  compilerOptions: ts.CompilerOptions;
  files: string[];
  /** The tsconfig's own declaration files (`src/env.d.ts`): never scanned, but their ambient types count. */
  declarationFiles: string[];
}

export interface Discovery {
  groups: ProjectGroup[];
  /** Files or configs that could not be used, with the reason. */
  errors: { file: string; message: string }[];
}

export class PathNotFoundError extends Error {
  constructor(readonly missingPath: string) {
    super(`no such file or directory: ${missingPath}`);
  }
}

export const DEFAULT_COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  jsx: ts.JsxEmit.Preserve,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  strict: true,
  noEmit: true,
};

/**
 * Turns the paths a user gave into groups of source files. Each path is read through the nearest
 * tsconfig.json at or above it (its include/exclude and options decide); without one, every
 * source file under it. Folders skip node_modules and .gitignore'd files; declaration files are
 * always skipped. A file named explicitly is read whatever .gitignore or the tsconfig says.
 */
export async function discover(paths: readonly string[], cwd: string): Promise<Discovery> {
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const missing = roots.find((root) => !existsSync(root));
  if (missing) throw new PathNotFoundError(path.relative(cwd, missing) || missing);

  const gitignore = new GitignoreFilter();
  const groups = new Map<string, ProjectGroup>();
  const errors: Discovery['errors'] = [];
  /** Real paths: a symlink and its target are one file, read and written once. */
  const seen = new Set<string>();

  for (const root of roots) {
    const isFile = statSync(root).isFile();
    const configFile = findUp(isFile ? path.dirname(root) : root, 'tsconfig.json');
    const config = configFile ? readConfig(configFile, errors) : undefined;
    const key = config ? configFile! : '';
    const group = groups.get(key) ?? {
      ...(config ? { configFile } : {}),
      compilerOptions: config?.options ?? DEFAULT_COMPILER_OPTIONS,
      files: [],
      declarationFiles: config?.fileNames.filter((file) => DECLARATION_FILE.test(file)).map((file) => path.resolve(file)) ?? [],
    };
    groups.set(key, group);

    const candidates = isFile ? [root] : await filesUnder(root, config?.fileNames);
    for (const file of candidates) {
      const identity = realpathOf(file);
      if (seen.has(identity) || (!isFile && gitignore.ignores(file))) continue;
      if (!SOURCE_FILE.test(file) || DECLARATION_FILE.test(file)) {
        if (isFile) errors.push({ file, message: 'not a TypeScript or JavaScript source file' });
        continue;
      }
      seen.add(identity);
      group.files.push(file);
    }
  }
  return { groups: [...groups.values()].filter((group) => group.files.length > 0), errors };
}

async function filesUnder(root: string, configFileNames: readonly string[] | undefined): Promise<string[]> {
  if (configFileNames && configFileNames.length > 0) {
    const prefix = root.endsWith(path.sep) ? root : root + path.sep;
    return configFileNames.map((file) => path.resolve(file)).filter((file) => file.startsWith(prefix));
  }
  const found = await glob(`**/*.{${SOURCE_EXTENSIONS.join(',')}}`, {
    cwd: root,
    absolute: true,
    dot: true,
    ignore: ['**/node_modules/**', '**/.git/**'],
  });
  return found.map((file) => path.resolve(file)).sort();
}

/** A broken symlink has no real path; it stays itself, and reading it reports why. */
function realpathOf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * The tsconfig's files and options, or undefined (with the reason) when it cannot be read or is not
 * valid JSON. Other errors, such as an option this TypeScript does not know, leave the rest usable:
 * ignoring the whole file would widen the run to folders it excludes. A solution-style tsconfig
 * ("No inputs were found") has no files, so the plain file walk takes over.
 */
function readConfig(configFile: string, errors: Discovery['errors']): ts.ParsedCommandLine | undefined {
  const ignored = (reason: string) => {
    errors.push({ file: configFile, message: `tsconfig ignored: ${reason}` });
    return undefined;
  };
  const text = ts.sys.readFile(configFile);
  if (text === undefined) return ignored('cannot be read');
  const { config, error } = ts.parseConfigFileTextToJson(configFile, text);
  if (error) return ignored(ts.flattenDiagnosticMessageText(error.messageText, ' '));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile), undefined, configFile);
  const missingBase = parsed.errors.find((diagnostic) => diagnostic.code === FILE_NOT_FOUND);
  if (missingBase) {
    const reason = ts.flattenDiagnosticMessageText(missingBase.messageText, ' ');
    errors.push({ file: configFile, message: `tsconfig extends a config that is not here (${reason}): its include and options are missing` });
  }
  return parsed;
}

/** TS6053: an `extends` that does not resolve, typically a package not installed. */
const FILE_NOT_FOUND = 6053;

/** `name` in `start` or the nearest folder above it, stopping at a repository's root. */
export function findUp(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

/** Applies every .gitignore between a file and its repository root (or the filesystem root outside one). */
class GitignoreFilter {
  private readonly rulesByDir = new Map<string, Ignore | undefined>();

  ignores(file: string): boolean {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const rules = this.rulesIn(dir);
      const relative = path.relative(dir, file).split(path.sep).join('/');
      if (rules?.ignores(relative)) return true;
      if (this.isRepositoryRoot(dir) || path.dirname(dir) === dir) return false;
    }
  }

  private rulesIn(dir: string): Ignore | undefined {
    if (!this.rulesByDir.has(dir)) {
      const file = path.join(dir, '.gitignore');
      this.rulesByDir.set(dir, existsSync(file) ? ignore().add(readFileSync(file, 'utf8')) : undefined);
    }
    return this.rulesByDir.get(dir);
  }

  private isRepositoryRoot(dir: string): boolean {
    return existsSync(path.join(dir, '.git'));
  }
}
