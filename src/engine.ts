import { discover, type ProjectGroup } from './discover.js';
import { batchEdits } from './edits.js';
import {
  compareErrors,
  compareFindings,
  renderMessage,
  type Detection,
  type FileChange,
  type FileError,
  type Finding,
  type TextEdit,
} from './finding.js';
import { factsFromDisk, type ProjectFacts } from './project-facts.js';
import type { Rule, RuleContext } from './rule.js';
import { DEFAULT_SETTINGS, type Settings } from './settings.js';
import { inShard, type Shard } from './shard.js';
import { splice } from './splice.js';
import { driversOf } from './transforms/index.js';
import { Workspace, syntaxErrorIn, type Interest, type SourceUnit, type TypeDiagnostic } from './workspace.js';

export interface ScanOptions {
  cwd: string;
  paths: readonly string[];
  rules: readonly Rule[];
  settings?: Settings;
  /** Told as files are analysed: how many are done, of how many. */
  progress?: (done: number, total: number) => void;
  /** Analyse only this shard's files; project-wide questions still see every file. */
  shard?: Shard;
}

export interface ScanResult {
  findings: Finding[];
  errors: FileError[];
  files: ScannedFiles;
}

/** What fixing needs of a scan: the scanned files' texts, and the findings on a file's new text. */
export interface ScannedFiles {
  /** The text analysed, without BOM. */
  text(file: string): string;
  /** The text on disk, with its BOM. */
  original(file: string): string;
  /** Moves the changed files to their new texts (type information follows on demand). */
  update(texts: ReadonlyMap<string, string>): void;
  /** The findings on the file's current text, detected as the scan did. */
  redetect(file: string, errors: FileError[]): Finding[];
  /** Every file back to its text as scanned. */
  reset(): void;
  /** The type errors of these files and of the files importing them, in projects with a tsconfig, as they are now. */
  typeErrorsAround(files: readonly string[]): TypeDiagnostic[];
}

/** A finding the run set out to fix and did not, and why, in words that complete "withdrawn: …". */
export interface Withdrawal {
  finding: Finding;
  reason: string;
  /** Where the reason shows, when it is not the finding's own place (a type error in an importing file). */
  at?: { file: string; line: number; column: number };
  /** What backs the reason up: the end of a failing test run's output. */
  details?: string;
}

/** Every finding of a run ends fixed, left (not selected for fixing) or withdrawn with its reason. */
export interface FixResult {
  changes: FileChange[];
  fixed: Finding[];
  /** Not selected: report-only, a risk, or a review fix without consent. */
  left: Finding[];
  withdrawn: Withdrawal[];
  errors: FileError[];
}

/** The findings a fix run did not fix, for the exit code. */
export const unfixed = (result: FixResult): Finding[] => [
  ...result.left,
  ...result.withdrawn.map(({ finding }) => finding),
];

/** eslint's limit too: fixes that still conflict after this many passes are left for the user. */
const MAX_PASSES = 10;

/** Finds what the rules find, and keeps each project with findings, for fixing them. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const { findings, errors, workspace, detector } = await analyse(options, 'keep-projects-with-findings');
  return { findings, errors, files: scannedFiles(workspace, detector) };
}

/** Finds what the rules find, to report it: each project is let go once analysed, so memory follows the largest. */
export async function scanReport(options: ScanOptions): Promise<Pick<ScanResult, 'findings' | 'errors'>> {
  const { findings, errors } = await analyse(options, 'let-go');
  return { findings, errors };
}

async function analyse(options: ScanOptions, projects: 'keep-projects-with-findings' | 'let-go') {
  const discovery = await discover(options.paths, options.cwd);
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const workspace = new Workspace();
  const detector = new Detector(options.rules, contextFor(workspace, options.rules, settings, factsFromDisk()));
  const errors: FileError[] = [...discovery.errors];
  const findings: Finding[] = [];
  const progress = options.progress ?? (() => {});
  const analysed = options.shard ? inShard(options.shard, options.cwd) : () => true;
  const counts = discovery.groups.map((group) => group.files.filter(analysed).length);
  const total = counts.reduce((sum, count) => sum + count, 0);
  let done = 0;
  /**
   * One group, let go once analysed unless it has findings to fix: memory follows the largest project.
   * A function of its own, as a suspended async function keeps the values of its earlier iterations.
   */
  const analyseGroup = async (group: ProjectGroup, count: number): Promise<Finding[]> => {
    const units = await workspace.loadGroup(group, detector, analysed, errors);
    const found = units.flatMap((unit) => {
      progress(done++, total);
      return detector.detectOrReport(unit, errors);
    });
    done += count - units.length;
    if (found.length === 0 || projects === 'let-go') workspace.release(units);
    return found;
  };
  for (const [index, group] of discovery.groups.entries())
    findings.push(...(await analyseGroup(group, counts[index]!)));
  progress(total, total);
  return { findings: findings.sort(compareFindings), errors: errors.sort(compareErrors), workspace, detector };
}

/** Scans one file given as text, touching no disk: for front doors handed one file at a time. */
export function scanText(file: string, text: string, rules: readonly Rule[], settings = DEFAULT_SETTINGS): ScanResult {
  const { workspace, errors } = Workspace.fromText(file, text);
  const detector = new Detector(rules, contextFor(workspace, rules, settings, undefined));
  const findings = workspace.all().flatMap((unit) => detector.detectOrReport(unit, errors));
  return { findings: findings.sort(compareFindings), errors, files: scannedFiles(workspace, detector) };
}

function contextFor(
  workspace: Workspace,
  rules: readonly Rule[],
  settings: Settings,
  facts: ProjectFacts | undefined,
): RuleContext {
  return {
    enabledRules: new Set(rules.map((rule) => rule.meta.id)),
    isEditable: (file) => workspace.get(file) !== undefined,
    settings,
    facts,
  };
}

function scannedFiles(workspace: Workspace, detector: Detector): ScannedFiles {
  return {
    text: (file) => workspace.get(file)!.sourceFile.getFullText(),
    original: (file) => workspace.get(file)!.original,
    update(texts) {
      for (const [file, text] of texts) workspace.replaceText(file, text);
    },
    redetect: (file, redetectErrors) => detector.detectOrReport(workspace.get(file)!, redetectErrors),
    reset: () => workspace.reset(),
    typeErrorsAround: (changed) => workspace.typeErrorsAround(changed),
  };
}

/** Runs each driver the rules need once per file, and renders each finding's message from its rule. */
class Detector implements Interest {
  private readonly drivers;
  private readonly rulesById;

  constructor(
    rules: readonly Rule[],
    private readonly context: RuleContext,
  ) {
    this.drivers = driversOf(rules);
    this.rulesById = new Map(rules.map((rule) => [rule.meta.id, rule]));
  }

  /** Whether some driver may find something in a file with this text: a file none may is never parsed. */
  mayDetect(text: string): boolean {
    return this.drivers.some((driver) => driver.mayDetect(text));
  }

  /** Whether a file with this text makes its whole group worth parsing at once. */
  wantsWholeProject(text: string): boolean {
    return this.drivers.some((driver) => driver.projectWide && driver.mayDetect(text));
  }

  /** A file that breaks the analysis (a stack overflow on a deeply nested expression) is reported; the run goes on. */
  detectOrReport(unit: SourceUnit, errors: FileError[]): Finding[] {
    const text = unit.sourceFile.getFullText();
    try {
      return this.drivers
        .filter((driver) => driver.mayDetect(text))
        .flatMap((driver) => driver.detect(unit.sourceFile, this.context))
        .filter((detection) => this.context.settings.includeRisks || detection.severity === 'leak')
        .flatMap((detection) => this.render(detection));
    } catch (error) {
      errors.push({
        file: unit.path,
        message: `could not be analysed: ${error instanceof Error ? error.message : String(error)}`,
      });
      return [];
    }
  }

  private render(detection: Detection): Finding[] {
    const rule = this.rulesById.get(detection.rule);
    if (!rule) return [];
    const template = rule.meta.messages[detection.messageId];
    if (template === undefined) throw new Error(`${detection.rule} has no message ${detection.messageId}`);
    return [{ ...detection, message: renderMessage(template, detection) }];
  }
}

/**
 * Applies the accepted findings' edits in passes: each pass applies every finding that conflicts with
 * none before it; the files of deferred findings are read again from the new text, and each deferred
 * finding found again where its code moved to is applied in the next pass. A finding whose result
 * would not parse, that is not found again, or that still conflicts after the last pass is withdrawn
 * with its reason. Later passes move the scan's workspace to the new text, so a scan result is fixed once.
 */
export function fix(
  findings: readonly Finding[],
  accept: (finding: Finding) => boolean,
  files: ScannedFiles,
): FixResult {
  const texts = new Map<string, string>();
  const fixed: Finding[] = [];
  const withdrawn: Withdrawal[] = [];
  const errors: FileError[] = [];
  let pending = findings.filter(accept);

  for (let pass = 1; pending.length > 0 && pass <= MAX_PASSES; pass++) {
    const batch = batchEdits(pending);
    const applied = applyParsing(batch.applied, files, texts, errors, withdrawn);
    fixed.push(...applied);
    pending = foundAgain(batch.deferred, batchEdits(applied).editsByFile, files, texts, errors, withdrawn);
  }
  const conflicting = `its edits still overlap other fixes after ${MAX_PASSES} passes; run unleak fix again`;
  withdrawn.push(...pending.map((finding) => ({ finding, reason: conflicting })));

  const changes = [...texts.entries()]
    .map(([path, after]) => {
      const before = files.original(path);
      return { path, before, after: (before.startsWith('\uFEFF') ? '\uFEFF' : '') + after };
    })
    .filter((change) => change.before !== change.after);
  const left = findings.filter((finding) => !accept(finding));
  return { changes, fixed, left, withdrawn, errors };
}

/**
 * Applies the findings' edits to the current texts, withdrawing every finding with an edit in a file
 * whose result does not parse (then again without them, as a finding may span files). Returns those applied.
 */
function applyParsing(
  findings: Finding[],
  files: ScannedFiles,
  texts: Map<string, string>,
  errors: FileError[],
  withdrawn: Withdrawal[],
): Finding[] {
  let applying = findings;
  for (;;) {
    const updated = new Map<string, string>();
    for (const [file, edits] of batchEdits(applying).editsByFile) {
      updated.set(file, splice(texts.get(file) ?? files.text(file), edits));
    }
    const parseErrors = new Map(
      [...updated].flatMap(([file, text]) => {
        const error = syntaxErrorIn(file, text);
        return error ? [[file, error] as const] : [];
      }),
    );
    if (parseErrors.size === 0) {
      for (const [file, text] of updated) texts.set(file, text);
      return applying;
    }
    for (const [file, error] of parseErrors) errors.push({ file, message: `fixes withdrawn, the result ${error}` });
    applying = applying.filter((finding) => {
      const edit = finding.edits.find((candidate) => parseErrors.has(candidate.file));
      if (edit) withdrawn.push({ finding, reason: `the result ${parseErrors.get(edit.file)}` });
      return !edit;
    });
  }
}

/**
 * Where code that started at `offset` starts after `edits` (applied together, as splice does): moved by
 * every edit before it, including an insertion right at it; undefined when an edit replaced it.
 */
export function movedOffset(offset: number, edits: readonly TextEdit[]): number | undefined {
  let moved = offset;
  for (const edit of edits) {
    const insertionAtIt = edit.start === offset && edit.end === offset;
    if (edit.start < offset && edit.end > offset) return undefined;
    if (edit.start === offset && edit.end > offset) return undefined;
    if (edit.end <= offset && (edit.start < offset || insertionAtIt))
      moved += edit.text.length - (edit.end - edit.start);
  }
  return moved;
}

const identity = (finding: Pick<Finding, 'rule' | 'messageId' | 'file'>, offset: number): string =>
  `${finding.rule}\0${finding.messageId}\0${finding.file}\0${offset}`;

/**
 * The deferred findings, detected again on the new text of their files: the same rule and message id
 * where their code moved to. Messages may change between passes ("… gains a lib reference" once
 * another fix added it), so they do not identify a finding.
 */
function foundAgain(
  deferred: Finding[],
  appliedEdits: ReadonlyMap<string, TextEdit[]>,
  files: ScannedFiles,
  texts: Map<string, string>,
  errors: FileError[],
  withdrawn: Withdrawal[],
): Finding[] {
  if (deferred.length === 0) return [];
  files.update(texts);
  const wanted = new Map<string, Finding>();
  for (const finding of deferred) {
    const offset = movedOffset(finding.offset, appliedEdits.get(finding.file) ?? []);
    if (offset === undefined) withdrawn.push({ finding, reason: 'another fix rewrote the code it points at' });
    else wanted.set(identity(finding, offset), finding);
  }
  const found = [...new Set(deferred.map((finding) => finding.file))]
    .flatMap((file) => files.redetect(file, errors))
    .filter((finding) => wanted.delete(identity(finding, finding.offset)));
  const lost = 'not found again once the other fixes in its file were made; run unleak again to check';
  withdrawn.push(...[...wanted.values()].map((finding) => ({ finding, reason: lost })));
  return found;
}
