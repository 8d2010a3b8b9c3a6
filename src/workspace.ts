import type { FileError } from './finding.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
import { projectFileChanged, setProjectFiles } from './analysis/project-index.js';
import { DEFAULT_COMPILER_OPTIONS, type ProjectGroup } from './discover.js';

const BOM = '\uFEFF';

/** What the analysis wants parsed, told by a file's text. */
export interface Interest {
  /** Whether the analysis may find something in the file; no file it may not is analysed. */
  mayDetect(text: string): boolean;
  /** Whether the analysis will ask about every file of the group: all are then parsed before it starts. */
  wantsWholeProject(text: string): boolean;
}

/** A source file as read from disk: its parsed form and what is needed to write it back byte for byte. */
export interface SourceUnit {
  path: string;
  sourceFile: SourceFile;
  /** The file's bytes as text, BOM included: what a later write must find unchanged on disk. */
  original: string;
  /** Whether `original` starts with a BOM; edits are made on the text after it. */
  bom: boolean;
  /** Whether the file belongs to a tsconfig, whose type check is then the project's own to keep green. */
  typeChecked: boolean;
}

/** A type error, placed, and keyed by what it says rather than where, so that edits elsewhere do not change it. */
export interface TypeDiagnostic {
  file: string;
  line: number;
  column: number;
  text: string;
  key: string;
}

/**
 * The parsed files of one run, one ts-morph Project per compiler-options group, loaded a group at a
 * time. Only files that may hold a finding are parsed for analysis; the project index parses the
 * others of their group when a question needs them. Type information is computed by ts-morph only
 * when a transform asks for it.
 */
export class Workspace {
  private readonly units = new Map<string, SourceUnit>();

  /**
   * Reads a group's files and parses those the analysis may find something in into a project of their
   * own, or all of them when the analysis asks so. Returns the files to analyse, of those `analysed`
   * accepts; the others are there for project-wide questions. Files that cannot be used are reported
   * in `errors`.
   */
  async loadGroup(
    group: ProjectGroup,
    interest: Interest,
    analysed: (file: string) => boolean,
    errors: FileError[],
  ): Promise<SourceUnit[]> {
    // JavaScript files named on the command line are analysed too, so the program must accept them.
    const project = new Project({
      compilerOptions: { ...group.compilerOptions, allowJs: true },
      skipAddingFilesFromTsConfig: true,
    });
    for (const declarationFile of group.declarationFiles) project.addSourceFileAtPathIfExists(declarationFile);
    const loaded = await readSources(group.files);
    const readable: { path: string; text: string }[] = [];
    const units: SourceUnit[] = [];
    const typeChecked = group.configFile !== undefined;
    const whole = loaded.some((result) => 'text' in result && interest.wantsWholeProject(result.text));
    for (const [index, result] of loaded.entries()) {
      const file = group.files[index]!;
      if ('error' in result) {
        if (analysed(file)) errors.push({ file, message: result.error });
        continue;
      }
      readable.push({ path: file, text: result.text });
      if (!analysed(file) || !interest.mayDetect(result.text)) {
        if (whole) project.addSourceFileAtPath(file);
        continue;
      }
      // ts-morph reads the file itself (without BOM) and parses it once; createSourceFile(text) would parse twice.
      const sourceFile = project.addSourceFileAtPath(file);
      if (sourceFile.getFullText() !== result.text) {
        errors.push({ file, message: 'changed while it was being read; run again' });
        continue;
      }
      const unit: SourceUnit = { path: file, sourceFile, original: result.original, bom: result.bom, typeChecked };
      if (this.add(unit, errors)) units.push(unit);
    }
    setProjectFiles(project, readable);
    return units;
  }

  /** Lets go of a group's files once their analysis is done and no fix will touch them: their project goes with them. */
  release(units: readonly SourceUnit[]): void {
    for (const unit of units) this.units.delete(unit.path);
  }

  /** One file handed over as text and parsed in memory, for front doors that work file by file (jscodeshift). */
  static fromText(givenPath: string, original: string): { workspace: Workspace; errors: FileError[] } {
    const file = path.resolve(givenPath);
    const workspace = new Workspace();
    const errors: FileError[] = [];
    const bom = original.startsWith(BOM);
    const project = new Project({ compilerOptions: DEFAULT_COMPILER_OPTIONS, useInMemoryFileSystem: true });
    const sourceFile = project.createSourceFile(file, bom ? original.slice(1) : original);
    workspace.add({ path: file, sourceFile, original, bom, typeChecked: false }, errors);
    return { workspace, errors };
  }

  /** Keeps a parsed file for analysis, or reports why it cannot be analysed. */
  private add(unit: SourceUnit, errors: FileError[]): boolean {
    const syntaxError = firstSyntaxError(unit.sourceFile);
    if (syntaxError) errors.push({ file: unit.path, message: syntaxError });
    else this.units.set(unit.path, unit);
    return syntaxError === undefined;
  }

  all(): SourceUnit[] {
    return [...this.units.values()];
  }

  get(file: string): SourceUnit | undefined {
    return this.units.get(file);
  }

  /** Replaces a file's text for the next pass (type information is rebuilt on demand). */
  replaceText(file: string, text: string): void {
    const { sourceFile } = this.units.get(file)!;
    if (sourceFile.getFullText() === text) return;
    sourceFile.replaceWithText(text);
    projectFileChanged(sourceFile.getProject(), file, text);
  }

  /** Every file back to its text as read. */
  reset(): void {
    for (const unit of this.units.values())
      this.replaceText(unit.path, unit.bom ? unit.original.slice(1) : unit.original);
  }

  /** The type errors of `files` and of the files importing them, in their tsconfig's program, with their current texts. */
  typeErrorsAround(files: readonly string[]): TypeDiagnostic[] {
    const affected = new Set<SourceFile>();
    for (const file of files) {
      const unit = this.units.get(file);
      if (!unit?.typeChecked) continue;
      affected.add(unit.sourceFile);
      for (const importer of unit.sourceFile.getReferencingSourceFiles()) affected.add(importer);
    }
    return [...affected].flatMap((sourceFile) => {
      const program = sourceFile.getProject().getProgram().compilerObject;
      const diagnostics = [
        ...program.getSyntacticDiagnostics(sourceFile.compilerNode),
        ...program.getSemanticDiagnostics(sourceFile.compilerNode),
      ];
      return diagnostics.map((diagnostic) => typeErrorOf(sourceFile, diagnostic));
    });
  }
}

function typeErrorOf(sourceFile: SourceFile, diagnostic: ts.Diagnostic): TypeDiagnostic {
  const file = sourceFile.getFilePath();
  const { line, character } = sourceFile.compilerNode.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const text = `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  return { file, line: line + 1, column: character + 1, text, key: `${file}\0${text}` };
}

type ReadResult = { text: string; original: string; bom: boolean } | { error: string };

/** Files read at once: reading thousands together runs out of file descriptors (EMFILE). */
const READ_CONCURRENCY = 64;

async function readSources(files: readonly string[]): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for (let start = 0; start < files.length; start += READ_CONCURRENCY) {
    results.push(...(await Promise.all(files.slice(start, start + READ_CONCURRENCY).map(readSource))));
  }
  return results;
}

async function readSource(file: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { error: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const original = bytes.toString('utf8');
  if (!Buffer.from(original, 'utf8').equals(bytes)) return { error: 'is not valid UTF-8, left untouched' };
  const bom = original.startsWith(BOM);
  return { text: bom ? original.slice(1) : original, original, bom };
}

/** A one-line reason when `text` does not parse as the kind of file its name says. */
export function syntaxErrorIn(file: string, text: string): string | undefined {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return describeParseDiagnostic(sourceFile);
}

function firstSyntaxError(sourceFile: SourceFile): string | undefined {
  return describeParseDiagnostic(sourceFile.compilerNode);
}

function describeParseDiagnostic(sourceFile: ts.SourceFile): string | undefined {
  // `parseDiagnostics` is internal but long stable; typescript-estree reads it the same way.
  const [diagnostic] = (sourceFile as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  if (!diagnostic) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  return `cannot be parsed: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')} (${line + 1}:${character + 1})`;
}
