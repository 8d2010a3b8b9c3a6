import { discover } from './discover.js';
import { applyEdits, batchEdits } from './edits.js';
import { compareFindings, type Finding } from './finding.js';
import { DEFAULT_SETTINGS, type Settings, type TransformContext } from './transform.js';
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

/** Scans one file given as text, touching no disk: for front doors handed one file at a time. */
export function scanText(file: string, text: string, rules: readonly string[], settings?: Settings): ScanResult {
  return detectAll(Workspace.fromText(file, text), rules, settings);
}

function detectAll(
  { workspace, errors }: { workspace: Workspace; errors: FileError[] },
  rules: readonly string[],
  settings: Settings = DEFAULT_SETTINGS,
): ScanResult {
  const context: TransformContext = {
    enabledRules: new Set(rules),
    isEditable: (file) => workspace.get(file) !== undefined,
    settings,
  };
  const findings = workspace.all().flatMap((unit) => detectIn(unit, context));
  return { findings: findings.sort(compareFindings), errors, workspace, context };
}

function detectIn(unit: SourceUnit, context: TransformContext): Finding[] {
  const running = TRANSFORMS.filter((transform) => transform.meta.rules.some((rule) => context.enabledRules.has(rule.id)));
  return running.flatMap((transform) => transform.detect(unit.sourceFile, context));
}

/**
 * Applies the accepted findings' edits in passes: each pass applies every finding that conflicts with
 * none before it; the files of deferred findings are re-read from the new text and detected again.
 * A file whose result would not parse keeps its text, and says so.
 */
export function fix(result: ScanResult, accept: (finding: Finding) => boolean): FixResult {
  const { workspace } = result;
  const texts = new Map<string, string>();
  const textOf = (unit: SourceUnit) => texts.get(unit.path) ?? unit.sourceFile.getFullText();
  const fixed: Finding[] = [];
  const errors: FileError[] = [];
  let pending = result.findings.filter(accept);

  for (let pass = 1; pending.length > 0 && pass <= MAX_PASSES; pass++) {
    const batch = batchEdits(pending);
    for (const [file, edits] of batch.editsByFile) {
      const unit = workspace.get(file)!;
      const updated = applyEdits(textOf(unit), edits);
      const brokenBy = syntaxErrorIn(file, updated);
      const inFile = batch.applied.filter((finding) => finding.edits.some((edit) => edit.file === file));
      if (brokenBy) {
        errors.push({ file, message: `fixes withdrawn, the result ${brokenBy}` });
        batch.applied = batch.applied.filter((finding) => !inFile.includes(finding));
        continue;
      }
      texts.set(file, updated);
    }
    fixed.push(...batch.applied);
    pending = redetect(batch.deferred, workspace, texts, result.context).filter(accept);
  }

  const changes = [...texts.entries()]
    .map(([path, after]) => {
      const unit = workspace.get(path)!;
      return { path, before: unit.original, after: (unit.bom ? '\uFEFF' : '') + after };
    })
    .filter((change) => change.before !== change.after);
  const remaining = result.findings.filter((finding) => !accept(finding)).concat(pending);
  return { changes, fixed, remaining: remaining.sort(compareFindings), errors };
}

/** Brings every changed file's new text into the workspace, then detects again in the deferred findings' files. */
function redetect(deferred: Finding[], workspace: Workspace, texts: Map<string, string>, context: TransformContext): Finding[] {
  if (deferred.length === 0) return [];
  for (const [file, text] of texts) {
    if (workspace.get(file)!.sourceFile.getFullText() !== text) workspace.replaceText(file, text);
  }
  return [...new Set(deferred.map((finding) => finding.file))].flatMap((file) => detectIn(workspace.get(file)!, context));
}
