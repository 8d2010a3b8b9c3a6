import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../src/config.js';
import { fix, scan } from '../../src/engine.js';
import { appliesWithoutAsking, type Finding } from '../../src/finding.js';
import type { Rule } from '../../src/rule.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings.js';
import { RULES, selectRules } from '../../src/transforms/index.js';

/** The source tree's test/fixtures, found from the compiled test file in dist-test/test/helpers. */
export const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');

export interface FixtureCase {
  name: string;
  input: string;
  /** The expected result; absent when the input must stay as it is. */
  output: string | undefined;
}

/** `<case>.input.<ext>` beside an optional `<case>.output.<ext>`, in the fixture folder of a driver. */
export function fixtureCases(driverId: string): FixtureCase[] {
  const dir = path.join(FIXTURES, driverId);
  return readdirSync(dir)
    .filter((file) => /\.input\.\w+$/.test(file))
    .sort()
    .map((file) => {
      const output = path.join(dir, file.replace('.input.', '.output.'));
      return {
        name: file.replace(/\.input\.\w+$/, ''),
        input: path.join(dir, file),
        output: existsSync(output) ? output : undefined,
      };
    });
}

/**
 * The `// expect: <messageId> <safety> <line>:<column>` lines at the top of an input (`… risk` for a risk),
 * or `// expect: none`.
 */
export function expectedFindings(input: string): string[] {
  return [...readFileSync(input, 'utf8').matchAll(/^\/\/ expect: (.+)$/gm)]
    .map((match) => match[1]!.trim())
    .filter((line) => line !== 'none')
    .sort();
}

/** What `fix --yes --unsafe` does not apply, and so is still reported after it: report-only findings and risks. */
export const isLeftByFix = (finding: Finding): boolean => !appliesWithoutAsking(finding, true);

const describeAt = (finding: Finding, file: string): string =>
  `${finding.messageId} ${finding.safety} ${file}${finding.line}:${finding.column}${finding.severity === 'risk' ? ' risk' : ''}`;

/** A finding as its `// expect:` line says it. */
export const describeFinding = (finding: Finding): string => describeAt(finding, '');

/** A finding in a tree: its position starts with the file's path in the tree. */
export const describeFindingIn =
  (root: string) =>
  (finding: Finding): string =>
    describeAt(finding, `${path.relative(root, finding.file)}:`);

/** What a finding is, wherever it is: for comparing the findings of an input with those of its output. */
export const describeKind = (finding: Finding): string =>
  `${finding.messageId} ${finding.safety}${finding.severity === 'risk' ? ' risk' : ''}`;

const runs = new Map<string, Promise<{ findings: Finding[]; result: string }>>();

/**
 * What `unleak fix --yes --unsafe --include-risks` would make of one file (risks are reported, never applied), without
 * writing it, with its `// config:` settings, the default rules and every rule of the driver its fixture folder is
 * named after (an opt-in rule is on for its own fixtures). Memoised per file.
 */
export function runOnFile(file: string): Promise<{ findings: Finding[]; result: string }> {
  if (!runs.has(file)) runs.set(file, fixInMemory(file));
  return runs.get(file)!;
}

async function fixInMemory(file: string): Promise<{ findings: Finding[]; result: string }> {
  const scanned = await scan({
    cwd: path.dirname(file),
    paths: [file],
    rules: rulesForFixture(file),
    settings: settingsForFixture(file),
  });
  if (scanned.errors.length > 0) throw new Error(scanned.errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
  const { changes } = fix(scanned.findings, (finding) => appliesWithoutAsking(finding, true), scanned.files);
  return { findings: scanned.findings, result: changes[0]?.after ?? readFileSync(file, 'utf8') };
}

/** The settings an input asks for in a `// config: {…}` line, in the form of unleak.config.json. */
function settingsForFixture(file: string): Settings {
  const config = /^\/\/ config: (.+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
  return { ...DEFAULT_SETTINGS, includeRisks: true, ...(config ? parseConfig(config, path.basename(file)) : {}) };
}

/** The default rules, and every rule whose driver names the folder. */
export const rulesOfFolder = (driverId: string): Rule[] => [
  ...new Set([...selectRules([]), ...RULES.filter((rule) => rule.drivers.some((driver) => driver.id === driverId))]),
];

const rulesForFixture = (file: string): Rule[] => rulesOfFolder(path.basename(path.dirname(file)));

/** A multi-file case: `<case>/input/` beside an optional `<case>/output/` tree. */
export interface ProjectCase {
  name: string;
  input: string;
  output: string | undefined;
}

export function projectCases(driverId: string): ProjectCase[] {
  const dir = path.join(FIXTURES, driverId);
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, 'input')))
    .sort()
    .map((name) => {
      const output = path.join(dir, name, 'output');
      return { name, input: path.join(dir, name, 'input'), output: existsSync(output) ? output : undefined };
    });
}

/** Every file of a tree, by path relative to it. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(root, file), readFileSync(file, 'utf8'));
    }
  }
  return files;
}

/** The `// expect:` lines of every file in a tree, each position led by the file's path in it. */
export const expectedFindingsInTree = (root: string): string[] =>
  [...readTree(root).keys()]
    .flatMap((file) =>
      expectedFindings(path.join(root, file)).map((line) => {
        const [messageId, safety, position, ...rest] = line.split(' ');
        return [messageId, safety, `${file}:${position}`, ...rest].join(' ');
      }),
    )
    .sort();

/** What `unleak fix --yes --unsafe --include-risks --rule <rules>` would make of a project tree, without writing it. */
export async function runOnTree(
  root: string,
  rules: readonly Rule[],
): Promise<{ findings: Finding[]; result: Map<string, string> }> {
  const scanned = await scan({
    cwd: root,
    paths: [root],
    rules,
    settings: { ...DEFAULT_SETTINGS, includeRisks: true },
  });
  if (scanned.errors.length > 0) throw new Error(scanned.errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
  const { changes } = fix(scanned.findings, (finding) => appliesWithoutAsking(finding, true), scanned.files);
  const result = readTree(root);
  for (const change of changes) result.set(path.relative(root, change.path), change.after);
  return { findings: scanned.findings, result };
}

/** Fixture names say what a case shows: an `ok-…` case has no output, every other case expects a finding. */
export function assertNamesSayWhatCasesShow(
  cases: readonly { name: string; input: string; output: string | undefined }[],
  expected: (input: string) => string[],
): void {
  if (cases.length === 0) throw new Error('no fixture cases');
  for (const fixture of cases) {
    if (fixture.name.startsWith('ok-')) {
      if (fixture.output !== undefined)
        throw new Error(`${fixture.name} has an output, but an ok- case stays untouched`);
    } else if (expected(fixture.input).length === 0) {
      throw new Error(`${fixture.name} expects no finding, but only an ok- case may`);
    }
  }
}
