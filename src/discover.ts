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
 * tsconfig.json at or above it (its include/exclude and options decide). A folder that no tsconfig
 * decides for (none above it, or a solution-style one) is walked, and each file in it answers to the
 * nearest tsconfig between it and the folder, as a monorepo's packages do; files with none are read
 * with default options. Folders skip node_modules and .gitignore'd files; declaration files are
 * always skipped. A file named explicitly is read whatever .gitignore or the tsconfig says.
 */
export async function discover(paths: readonly string[], cwd: string): Promise<Discovery> {
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const missing = roots.find((root) => !existsSync(root));
  if (missing) throw new PathNotFoundError(path.relative(cwd, missing) || missing);

  const gitignore = new GitignoreFilter();
  const errors: Discovery['errors'] = [];
  const configs = new TsconfigReader(errors);
  const groups = new Map<string, ProjectGroup>();
  /** Real paths: a symlink and its target are one file, read and written once. */
  const seen = new Set<string>();

  const groupOf = (configFile: string | undefined): ProjectGroup => {
    const config = configFile ? configs.read(configFile) : undefined;
    const key = config ? configFile! : '';
    if (!groups.has(key)) groups.set(key, newGroup(config && configFile, config));
    return groups.get(key)!;
  };
  /** Adds a file to its group; callers walking a folder have applied .gitignore first. */
  const add = (file: string, group: ProjectGroup, named: boolean) => {
    const identity = realpathOf(file);
    if (seen.has(identity)) return;
    if (!SOURCE_FILE.test(file) || DECLARATION_FILE.test(file)) {
      if (named) errors.push({ file, message: 'not a TypeScript or JavaScript source file' });
      return;
    }
    seen.add(identity);
    group.files.push(file);
  };

  for (const root of roots) {
    if (statSync(root).isFile()) {
      add(root, groupOf(findUp(path.dirname(root), 'tsconfig.json')), true);
      continue;
    }
    const configFile = findUp(root, 'tsconfig.json');
    if (configFile && configs.hasInputs(configFile)) {
      const inputs = configs.inputsUnder(configFile, root);
      for (const file of inputs) if (!gitignore.ignores(file)) add(file, groupOf(configFile), false);
      if (!inputs.some((file) => SOURCE_FILE.test(file) && !DECLARATION_FILE.test(file)))
        await sayWhyNothingIsRead(root, configFile, { cwd, gitignore, errors });
      continue;
    }
    for (const file of await sourceFilesUnder(root)) {
      // Before the nested tsconfig is looked for: an ignored folder's tsconfig is never read, nor reported.
      if (gitignore.ignores(file)) continue;
      const nested = configs.nearestWithInputs(path.dirname(file), root);
      if (!nested) add(file, groupOf(configFile), false);
      else if (configs.includes(nested, file)) add(file, groupOf(nested), false);
    }
  }
  return { groups: mergeAlike([...groups.values()].filter((group) => group.files.length > 0)), errors };
}

/** Options that say where a build writes, and nothing about how code reads or type-checks. */
const EMIT_OPTIONS = [
  'outDir',
  'outFile',
  'rootDir',
  'declarationDir',
  'tsBuildInfoFile',
  'composite',
  'incremental',
  'declaration',
  'declarationMap',
  'emitDeclarationOnly',
  'sourceMap',
  'inlineSourceMap',
] as const;

/**
 * A merged project's files, at most. A project's syntax trees and type program stay in memory while it
 * is analysed (the trees alone about 230 MB per thousand files of 190 lines), so a monorepo of any size
 * is analysed in projects of about this size, one after another.
 */
export const MERGED_FILES = 2000;

/**
 * Groups whose options read code alike (a monorepo's packages, which differ in where they build to)
 * share one project, up to MERGED_FILES: what they import from each other is parsed once, and one type
 * program serves them.
 */
function mergeAlike(groups: readonly ProjectGroup[]): ProjectGroup[] {
  const result: ProjectGroup[] = [];
  const filling = new Map<string, ProjectGroup>();
  for (const group of groups) {
    const compilerOptions: ts.CompilerOptions = { ...group.compilerOptions, noEmit: true };
    for (const option of EMIT_OPTIONS) delete compilerOptions[option];
    // paths are relative to the tsconfig that sets them.
    if (!compilerOptions.paths) delete compilerOptions.pathsBasePath;
    // The first tsconfig's path stays, as where the project's paths start; it does not set how code reads.
    const options = Object.entries(compilerOptions)
      .filter(([option]) => option !== 'configFilePath')
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const key = JSON.stringify([group.configFile !== undefined, options]);
    const same = filling.get(key);
    if (!same || same.files.length + group.files.length > MERGED_FILES) {
      const started = {
        ...group,
        compilerOptions,
        files: [...group.files],
        declarationFiles: [...group.declarationFiles],
      };
      filling.set(key, started);
      result.push(started);
      continue;
    }
    same.files.push(...group.files);
    same.declarationFiles.push(...group.declarationFiles.filter((file) => !same.declarationFiles.includes(file)));
  }
  return result;
}

/**
 * A folder whose tsconfig includes none of its source files (a config for `types/` only, a package
 * built elsewhere) would be read as empty and pass as clean: say so, with the way out.
 */
async function sayWhyNothingIsRead(
  root: string,
  configFile: string,
  { cwd, gitignore, errors }: { cwd: string; gitignore: GitignoreFilter; errors: Discovery['errors'] },
): Promise<void> {
  const sources = (await sourceFilesUnder(root)).filter(
    (file) => !DECLARATION_FILE.test(file) && !gitignore.ignores(file),
  );
  if (sources.length === 0) return;
  // Named from where the user is, as every path unleak prints.
  const config = path.relative(cwd, configFile) || configFile;
  const includes =
    sources.length === 1 ? 'does not include the source file' : `includes none of the ${sources.length} source files`;
  errors.push({
    file: root,
    message: `its tsconfig (${config}) ${includes} here, so nothing was read; name the files to read them`,
  });
}

function newGroup(configFile: string | undefined, config: ts.ParsedCommandLine | undefined): ProjectGroup {
  return {
    ...(configFile ? { configFile } : {}),
    compilerOptions: config?.options ?? DEFAULT_COMPILER_OPTIONS,
    files: [],
    declarationFiles:
      config?.fileNames.filter((file) => DECLARATION_FILE.test(file)).map((file) => path.resolve(file)) ?? [],
  };
}

/** Each tsconfig read once (and its problems reported once), and the questions discovery asks of it. */
class TsconfigReader {
  private readonly parsed = new Map<string, ts.ParsedCommandLine | undefined>();
  private readonly inputs = new Map<string, Set<string>>();
  private readonly nearestByDir = new Map<string, string | undefined>();

  constructor(private readonly errors: Discovery['errors']) {}

  read(configFile: string): ts.ParsedCommandLine | undefined {
    if (!this.parsed.has(configFile)) this.parsed.set(configFile, readConfig(configFile, this.errors));
    return this.parsed.get(configFile);
  }

  hasInputs(configFile: string): boolean {
    return this.inputsOf(configFile).size > 0;
  }

  includes(configFile: string, file: string): boolean {
    return this.inputsOf(configFile).has(file);
  }

  inputsUnder(configFile: string, root: string): string[] {
    const prefix = root.endsWith(path.sep) ? root : root + path.sep;
    return [...this.inputsOf(configFile)].filter((file) => file.startsWith(prefix));
  }

  /** The nearest tsconfig.json with inputs from `dir` up to `root`, not above it. */
  nearestWithInputs(dir: string, root: string): string | undefined {
    if (!this.nearestByDir.has(dir)) {
      const here = path.join(dir, 'tsconfig.json');
      const found =
        existsSync(here) && this.hasInputs(here)
          ? here
          : dir === root || path.dirname(dir) === dir
            ? undefined
            : this.nearestWithInputs(path.dirname(dir), root);
      this.nearestByDir.set(dir, found);
    }
    return this.nearestByDir.get(dir);
  }

  private inputsOf(configFile: string): Set<string> {
    if (!this.inputs.has(configFile))
      this.inputs.set(configFile, new Set(this.read(configFile)?.fileNames.map((file) => path.resolve(file))));
    return this.inputs.get(configFile)!;
  }
}

async function sourceFilesUnder(root: string): Promise<string[]> {
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
  if (!parsed.options.allowJs) parsed.fileNames.push(...javaScriptInputs(config, configFile));
  const missingBase = parsed.errors.find((diagnostic) => diagnostic.code === FILE_NOT_FOUND);
  if (missingBase) {
    const reason = ts.flattenDiagnosticMessageText(missingBase.messageText, ' ');
    errors.push({
      file: configFile,
      message: `tsconfig extends a config that is not here (${reason}): its own settings apply, those from that base are missing`,
    });
  }
  return parsed;
}

/**
 * The JavaScript files a tsconfig without `allowJs` would include if it had it: a TypeScript project's
 * `.js` sources are scanned too (the syntactic rules need no types). A `.js` beside a `.ts` of the same
 * name is the build output of it, and is left out; the config's include, exclude and outDir still apply.
 */
function javaScriptInputs(config: unknown, configFile: string): string[] {
  const withJs = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile), { allowJs: true }, configFile);
  return withJs.fileNames.filter((file) => JAVASCRIPT_FILE.test(file) && !hasTypeScriptTwin(file));
}

const JAVASCRIPT_FILE = /\.[cm]?jsx?$/;

const hasTypeScriptTwin = (file: string): boolean =>
  ['.ts', '.tsx', '.mts', '.cts'].some((extension) => existsSync(file.replace(JAVASCRIPT_FILE, extension)));

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
  private readonly repositoryRoots = new Map<string, boolean>();

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
    if (!this.repositoryRoots.has(dir)) this.repositoryRoots.set(dir, existsSync(path.join(dir, '.git')));
    return this.repositoryRoots.get(dir)!;
  }
}
