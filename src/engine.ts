import { discover } from './discover.js';
import { applyEdits, batchEdits } from './edits.js';
import { compareFindings, type Finding } from './finding.js';
import { DEFAULT_SETTINGS, type Settings, type Transform, type TransformContext } from './transform.js';
import { TRANSFORMS } from './transforms/index.js';
import { Workspace, syntaxErrorIn, type FileError, type SourceUnit } from './workspace.js';

export interface ScanOptions {
  cwd: string;
  paths: readonly string[];
  /** Rule ids to run. */
  rules: readonly string[];
  settings?: Settings;
}

export interface ScanResult {
  findings: Finding[];
  errors: FileError[];
  workspace: Workspace;
  context: TransformContext;
  /** The transforms this run uses: all of them, or the one a jscodeshift module stands for. */
  transforms: readonly Transform[];
}

/** A file's text before and after the accepted fixes, both with the BOM it had on disk. */
export interface FileChange {
  path: string;
  before: string;
  after: string;
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
  return detectAll(await Workspace.load(discovery), options.rules, options.settings);
}

/** Scans one file given as text, touching no disk, with the given transforms: for front doors handed one file at a time. */
export function scanText(
  file: string,
  text: string,
  transforms: readonly Transform[],
  settings?: Settings,
): ScanResult {
  const rules = transforms.flatMap((transform) => transform.meta.rules.map((rule) => rule.id));
  return detectAll(Workspace.fromText(file, text), rules, settings, transforms);
}

function detectAll(
  { workspace, errors }: { workspace: Workspace; errors: FileError[] },
  rules: readonly string[],
  settings: Settings = DEFAULT_SETTINGS,
  transforms: readonly Transform[] = TRANSFORMS,
): ScanResult {
  const context: TransformContext = {
    enabledRules: new Set(rules),
    isEditable: (file) => workspace.get(file) !== undefined,
    settings,
  };
  const analysisErrors: FileError[] = [];
  const findings = workspace
    .all()
    .flatMap((unit) => detectOrReport(unit, context, transforms, analysisErrors))
    .filter((finding) => settings.includeRisks || finding.severity === 'leak');
  return {
    findings: findings.sort(compareFindings),
    errors: [...errors, ...analysisErrors],
    workspace,
    context,
    transforms,
  };
}

/** A file that breaks the analysis (a stack overflow on a deeply nested expression) is reported; the run goes on. */
function detectOrReport(
  unit: SourceUnit,
  context: TransformContext,
  transforms: readonly Transform[],
  errors: FileError[],
): Finding[] {
  try {
    return detectIn(unit, context, transforms);
  } catch (error) {
    errors.push({
      file: unit.path,
      message: `could not be analysed: ${error instanceof Error ? error.message : String(error)}`,
    });
    return [];
  }
}

function detectIn(unit: SourceUnit, context: TransformContext, transforms: readonly Transform[]): Finding[] {
  const running = transforms.filter((transform) =>
    transform.meta.rules.some((rule) => context.enabledRules.has(rule.id)),
  );
  return running.flatMap((transform) => transform.detect(unit.sourceFile, context));
}

/**
 * Applies the accepted findings' edits in passes: each pass applies every finding that conflicts with
 * none before it; the files of deferred findings are read again from the new text, and the deferred
 * findings found there again are applied in the next pass. A finding whose result would not parse is
 * withdrawn, reported and left as it is. Later passes move the scan's workspace to the new text, so a
 * scan result is fixed once.
 */
export function fix(result: ScanResult, accept: (finding: Finding) => boolean): FixResult {
  const { workspace } = result;
  const texts = new Map<string, string>();
  const fixed: Finding[] = [];
  const withdrawn: Finding[] = [];
  const errors: FileError[] = [];
  let pending = result.findings.filter(accept);

  for (let pass = 1; pending.length > 0 && pass <= MAX_PASSES; pass++) {
    const batch = batchEdits(pending);
    const applied = applyParsing(batch.applied, workspace, texts, errors);
    fixed.push(...applied);
    withdrawn.push(...batch.applied.filter((finding) => !applied.includes(finding)));
    pending = foundAgain(batch.deferred, result, texts, errors);
  }

  const changes = [...texts.entries()]
    .map(([path, after]) => {
      const unit = workspace.get(path)!;
      return { path, before: unit.original, after: (unit.bom ? '\uFEFF' : '') + after };
    })
    .filter((change) => change.before !== change.after);
  const remaining = [...result.findings.filter((finding) => !accept(finding)), ...pending, ...withdrawn];
  return { changes, fixed, remaining: remaining.sort(compareFindings), errors };
}

/**
 * Applies the findings' edits to the current texts, withdrawing every finding with an edit in a file
 * whose result does not parse (then again without them, as a finding may span files). Returns those applied.
 */
function applyParsing(
  findings: Finding[],
  workspace: Workspace,
  texts: Map<string, string>,
  errors: FileError[],
): Finding[] {
  let applying = findings;
  for (;;) {
    const updated = new Map<string, string>();
    for (const [file, edits] of batchEdits(applying).editsByFile) {
      updated.set(file, applyEdits(texts.get(file) ?? workspace.get(file)!.sourceFile.getFullText(), edits));
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

/** The deferred findings, detected again on the new text of every changed file. */
function foundAgain(
  deferred: Finding[],
  result: ScanResult,
  texts: Map<string, string>,
  errors: FileError[],
): Finding[] {
  if (deferred.length === 0) return [];
  const { workspace } = result;
  for (const [file, text] of texts) {
    if (workspace.get(file)!.sourceFile.getFullText() !== text) workspace.replaceText(file, text);
  }
  const wanted = deferred.map(findingKey);
  const files = [...new Set(deferred.map((finding) => finding.file))];
  return files
    .flatMap((file) => detectOrReport(workspace.get(file)!, result.context, result.transforms, errors))
    .filter((finding) => {
      const index = wanted.indexOf(findingKey(finding));
      if (index !== -1) wanted.splice(index, 1);
      return index !== -1;
    });
}
