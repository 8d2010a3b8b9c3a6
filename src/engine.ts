import { discover } from './discover.js';
import { batchEdits } from './edits.js';
import {
  compareFindings,
  renderMessage,
  type Detection,
  type FileChange,
  type FileError,
  type Finding,
} from './finding.js';
import { factsFromDisk, type ProjectFacts } from './project-facts.js';
import type { Rule, RuleContext } from './rule.js';
import { DEFAULT_SETTINGS, type Settings } from './settings.js';
import { splice } from './splice.js';
import { driversOf } from './transforms/index.js';
import { Workspace, syntaxErrorIn, type SourceUnit } from './workspace.js';

export interface ScanOptions {
  cwd: string;
  paths: readonly string[];
  rules: readonly Rule[];
  settings?: Settings;
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
}

export interface FixResult {
  changes: FileChange[];
  fixed: Finding[];
  /** Findings left as they are: not selected, report-only, or not converged. */
  remaining: Finding[];
  errors: FileError[];
}

/** eslint's limit too: fixes that still conflict after this many passes are left for the user. */
const MAX_PASSES = 10;

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const discovery = await discover(options.paths, options.cwd);
  return detectAll(await Workspace.load(discovery), options.rules, options.settings, factsFromDisk());
}

/** Scans one file given as text, touching no disk: for front doors handed one file at a time. */
export function scanText(file: string, text: string, rules: readonly Rule[], settings?: Settings): ScanResult {
  return detectAll(Workspace.fromText(file, text), rules, settings, undefined);
}

function detectAll(
  { workspace, errors }: { workspace: Workspace; errors: FileError[] },
  rules: readonly Rule[],
  settings: Settings = DEFAULT_SETTINGS,
  facts: ProjectFacts | undefined,
): ScanResult {
  const context: RuleContext = {
    enabledRules: new Set(rules.map((rule) => rule.meta.id)),
    isEditable: (file) => workspace.get(file) !== undefined,
    settings,
    facts,
  };
  const detector = new Detector(rules, context);
  const analysisErrors: FileError[] = [];
  const findings = workspace.all().flatMap((unit) => detector.detectOrReport(unit, analysisErrors));
  return {
    findings: findings.sort(compareFindings),
    errors: [...errors, ...analysisErrors],
    files: {
      text: (file) => workspace.get(file)!.sourceFile.getFullText(),
      original: (file) => workspace.get(file)!.original,
      update(texts) {
        for (const [file, text] of texts) {
          if (workspace.get(file)!.sourceFile.getFullText() !== text) workspace.replaceText(file, text);
        }
      },
      redetect: (file, redetectErrors) => detector.detectOrReport(workspace.get(file)!, redetectErrors),
    },
  };
}

/** Runs each driver the rules need once per file, and renders each finding's message from its rule. */
class Detector {
  private readonly drivers;
  private readonly rulesById;

  constructor(
    rules: readonly Rule[],
    private readonly context: RuleContext,
  ) {
    this.drivers = driversOf(rules);
    this.rulesById = new Map(rules.map((rule) => [rule.meta.id, rule]));
  }

  /** A file that breaks the analysis (a stack overflow on a deeply nested expression) is reported; the run goes on. */
  detectOrReport(unit: SourceUnit, errors: FileError[]): Finding[] {
    try {
      return this.drivers
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
 * none before it; the files of deferred findings are read again from the new text, and the deferred
 * findings found there again are applied in the next pass. A finding whose result would not parse is
 * withdrawn, reported and left as it is. Later passes move the scan's workspace to the new text, so a
 * scan result is fixed once.
 */
export function fix(
  findings: readonly Finding[],
  accept: (finding: Finding) => boolean,
  files: ScannedFiles,
): FixResult {
  const texts = new Map<string, string>();
  const fixed: Finding[] = [];
  const withdrawn: Finding[] = [];
  const errors: FileError[] = [];
  let pending = findings.filter(accept);

  for (let pass = 1; pending.length > 0 && pass <= MAX_PASSES; pass++) {
    const batch = batchEdits(pending);
    const applied = applyParsing(batch.applied, files, texts, errors);
    fixed.push(...applied);
    withdrawn.push(...batch.applied.filter((finding) => !applied.includes(finding)));
    pending = foundAgain(batch.deferred, files, texts, errors);
  }

  const changes = [...texts.entries()]
    .map(([path, after]) => {
      const before = files.original(path);
      return { path, before, after: (before.startsWith('\uFEFF') ? '\uFEFF' : '') + after };
    })
    .filter((change) => change.before !== change.after);
  const remaining = [...findings.filter((finding) => !accept(finding)), ...pending, ...withdrawn];
  return { changes, fixed, remaining: remaining.sort(compareFindings), errors };
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
): Finding[] {
  let applying = findings;
  for (;;) {
    const updated = new Map<string, string>();
    for (const [file, edits] of batchEdits(applying).editsByFile) {
      updated.set(file, splice(texts.get(file) ?? files.text(file), edits));
    }
    const broken = [...updated].filter(([file, text]) => syntaxErrorIn(file, text));
    if (broken.length === 0) {
      for (const [file, text] of updated) texts.set(file, text);
      return applying;
    }
    for (const [file, text] of broken)
      errors.push({ file, message: `fixes withdrawn, the result ${syntaxErrorIn(file, text)}` });
    const brokenFiles = new Set(broken.map(([file]) => file));
    applying = applying.filter((finding) => !finding.edits.some((edit) => brokenFiles.has(edit.file)));
  }
}

/** Findings keep their identity across passes by what they say, not by offsets that move. */
const findingKey = (finding: Finding): string => `${finding.rule}\0${finding.file}\0${finding.message}`;

/** The deferred findings, detected again on the new text of their files. */
function foundAgain(
  deferred: Finding[],
  files: ScannedFiles,
  texts: Map<string, string>,
  errors: FileError[],
): Finding[] {
  if (deferred.length === 0) return [];
  files.update(texts);
  const wanted = deferred.map(findingKey);
  return [...new Set(deferred.map((finding) => finding.file))]
    .flatMap((file) => files.redetect(file, errors))
    .filter((finding) => {
      const index = wanted.indexOf(findingKey(finding));
      if (index !== -1) wanted.splice(index, 1);
      return index !== -1;
    });
}
