import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { RULES } from '../src/transforms/index.js';
import { BIN, type JsonFinding as Finding, type JsonReport, tempDir } from './helpers/cli.js';
import { prefilteredAndFull } from './helpers/every-file.js';

/**
 * The real-code corpus: published packages (test/realworld/package.json, installed by `pretest`) whose
 * sources are copied out of node_modules and scanned as a user would scan their own code. Every finding
 * must have a verdict in test/realworld/judged.json, and precision must not slide back.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.join(ROOT, 'test', 'realworld');
const JUDGED_FILE = 'test/realworld/judged.json';
const MIN_PRECISION = 90;

/** What unleak reads in a folder (see README, Usage), so that the file count means files scanned. */
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DECLARATION_FILE = /\.d\.(?:ts|mts|cts)$/;

interface CorpusEntry {
  package: string;
  version: string;
  scan: string[];
  exclude?: string[];
  why?: string;
}

type Verdict = 'leak' | 'not-a-leak';

interface JudgedFinding {
  package: string;
  file: string;
  line: number;
  rule: string;
  verdict: Verdict;
  reason: string;
}

interface JudgedSite {
  repository: string;
  /** The commit judged, or, where only a published package's sources could be had, that package. */
  commit?: string;
  package?: string;
  file: string;
  line: number;
  rule: string;
  /** Judged as a risk, which only `--include-risks` shows; a finding otherwise. */
  severity?: 'risk';
  verdict: Verdict;
  reason: string;
}

interface Judged {
  findings: JudgedFinding[];
  sites: JudgedSite[];
  recorded: { leaks: number };
}

interface Scanned {
  id: string;
  /** The copy of its scanned folders, which the scan ran in. */
  dir: string;
  files: number;
  seconds: number;
  findings: Finding[];
}

/** `name@1.2.3` or `@scope/name@1.2.3`. */
const PACKAGE_VERSION = /^(?:@[^/@\s]+\/)?[^/@\s]+@\d[^@\s]*$/;

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(CORPUS, file), 'utf8')) as T;

const corpus = readJson<{ packages: CorpusEntry[] }>('corpus.json').packages;
const judged = readJson<Judged>('judged.json');

const idOf = (entry: CorpusEntry): string => `${entry.package}@${entry.version}`;
const keyOf = (pkg: string, finding: { file: string; line: number; rule: string }): string =>
  `${pkg}|${finding.file}|${finding.line}|${finding.rule}`;

/** Source files under `dir` that a folder scan reads, skipping node_modules and declaration files. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(file));
    } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name)) {
      files.push(file);
    }
  }
  return files;
}

/** `inner` is `outer` or lies under it (both relative to a package root). */
const isWithin = (inner: string, outer: string): boolean => {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * Copies the entry's folders out of test/realworld/node_modules into `<work>/<name>@<version>/`, keeping
 * their paths, and scans them from there, so that nothing is skipped for lying under node_modules.
 */
function scanPackage(entry: CorpusEntry, work: string): Scanned {
  const id = idOf(entry);
  const installed = path.join(CORPUS, 'node_modules', entry.package);
  assert.ok(
    existsSync(path.join(installed, 'package.json')),
    `${id} is not installed; run npm ci --prefix test/realworld --ignore-scripts (npm test does it in pretest)`,
  );
  const { version } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version, entry.version, `test/realworld/node_modules holds ${entry.package}@${version}, not ${id}`);

  const dir = path.join(work, id);
  for (const folder of entry.scan) {
    assert.ok(existsSync(path.join(installed, folder)), `${id} has no ${folder} to scan`);
    mkdirSync(path.dirname(path.join(dir, folder)), { recursive: true });
    cpSync(path.join(installed, folder), path.join(dir, folder), {
      recursive: true,
      filter: (source) => path.basename(source) !== 'node_modules',
    });
  }
  for (const excluded of entry.exclude ?? []) {
    assert.ok(
      entry.scan.some((folder) => isWithin(excluded, folder)),
      `${id}: exclude ${excluded} is not under a scanned folder`,
    );
    assert.ok(existsSync(path.join(dir, excluded)), `${id} has no ${excluded} to exclude`);
    rmSync(path.join(dir, excluded), { recursive: true, force: true });
  }

  const files = sourceFiles(dir).map((file) => path.relative(dir, file));
  const minified = files.filter((file) => /[.-]min\.[cm]?js$/.test(file));
  assert.deepEqual(minified, [], `${id}: minified files would be scanned; exclude them in corpus.json`);

  const started = performance.now();
  const run = spawnSync(process.execPath, [BIN, 'scan', '--format', 'json', ...entry.scan], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seconds = (performance.now() - started) / 1000;
  assert.ok(
    run.status === 0 || run.status === 1,
    `unleak scan on ${id} exited ${run.status ?? run.signal ?? run.error}\n${run.stderr}`,
  );
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(report.errors, [], `unleak could not read some of ${id}`);
  assert.equal(run.status, report.findings.length > 0 ? 1 : 0, `exit code of unleak scan on ${id}`);
  return { id, dir, files: files.length, seconds, findings: report.findings };
}

/** Prints a line as a test diagnostic (shown by the spec and TAP reporters alike). */
function say(t: TestContext, line: string): void {
  t.diagnostic(line);
}

const isNonEmptyString = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
const isLine = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;
const VERDICTS: readonly unknown[] = ['leak', 'not-a-leak'];

describe('real-code corpus (test/realworld)', () => {
  const work = tempDir('unleak-realworld-');
  after(() => rmSync(work, { recursive: true, force: true }));
  const scanned = new Map<string, Scanned>();

  it('pins each corpus package to the exact version test/realworld/package.json installs', () => {
    const manifest = readJson<{ dependencies: Record<string, string> }>('package.json');
    const lock = readJson<{ packages: Record<string, { version: string }> }>('package-lock.json');
    assert.deepEqual(
      Object.fromEntries(corpus.map((entry) => [entry.package, entry.version]).sort()),
      Object.fromEntries(Object.entries(manifest.dependencies).sort()),
    );
    for (const entry of corpus) {
      assert.equal(
        lock.packages[`node_modules/${entry.package}`]?.version,
        entry.version,
        `${idOf(entry)} in the lock`,
      );
      assert.ok(entry.scan.length > 0, `${idOf(entry)} scans nothing`);
    }
  });

  it('has a well-formed judged.json', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    judged.findings.forEach((entry, index) => {
      const where = `findings[${index}]`;
      if (!PACKAGE_VERSION.test(String(entry.package))) problems.push(`${where}.package`);
      if (!isNonEmptyString(entry.file)) problems.push(`${where}.file`);
      if (!isLine(entry.line)) problems.push(`${where}.line`);
      if (!isNonEmptyString(entry.rule)) problems.push(`${where}.rule`);
      if (!VERDICTS.includes(entry.verdict)) problems.push(`${where}.verdict is not "leak" or "not-a-leak"`);
      if (!isNonEmptyString(entry.reason)) problems.push(`${where}.reason is empty`);
      const key = keyOf(entry.package, entry);
      if (seen.has(key)) problems.push(`${where} judges ${key} a second time`);
      seen.add(key);
    });
    judged.sites.forEach((site, index) => {
      const where = `sites[${index}]`;
      if (!/^[\w.-]+\/[\w.-]+$/.test(String(site.repository))) problems.push(`${where}.repository is not owner/name`);
      const judgedAt =
        site.commit !== undefined ? /^[0-9a-f]{40}$/.test(site.commit) : PACKAGE_VERSION.test(String(site.package));
      if (!judgedAt) problems.push(`${where} has neither a full commit hash nor a package@version`);
      if (!isNonEmptyString(site.file)) problems.push(`${where}.file`);
      if (!isLine(site.line)) problems.push(`${where}.line`);
      if (!isNonEmptyString(site.rule)) problems.push(`${where}.rule`);
      if (site.severity !== undefined && site.severity !== 'risk') problems.push(`${where}.severity is not "risk"`);
      if (!VERDICTS.includes(site.verdict)) problems.push(`${where}.verdict is not "leak" or "not-a-leak"`);
      if (!isNonEmptyString(site.reason)) problems.push(`${where}.reason is empty`);
    });
    const leaks = judged.recorded?.leaks;
    if (!Number.isInteger(leaks) || leaks < 0) problems.push('recorded.leaks is not a count');
    assert.deepEqual(problems, [], `${JUDGED_FILE} is malformed`);
  });

  // One package at a time: each run holds a whole program in memory.
  for (const entry of corpus) {
    it(`scans ${idOf(entry)} (${entry.scan.join(', ')})`, (t) => {
      const result = scanPackage(entry, work);
      scanned.set(result.id, result);
      say(t, `${result.id}: ${result.files} files, ${result.findings.length} findings, ${result.seconds.toFixed(1)} s`);
    });
  }

  // A file no driver's mayDetect accepts is never parsed; on real code too, that must lose nothing.
  for (const entry of corpus) {
    it(`the prefilter loses no finding in ${idOf(entry)}, risks and opt-in rules included`, async () => {
      const { dir } = scanned.get(idOf(entry)) ?? assert.fail(`${idOf(entry)} was not scanned`);
      const { prefiltered, full } = await prefilteredAndFull(dir, entry.scan, RULES);
      assert.deepEqual(prefiltered, full);
    });
  }

  /** Every current finding, with the package it was found in and its judged entry, if any. */
  const current = () => {
    assert.equal(scanned.size, corpus.length, 'a package scan failed above; nothing to compare');
    const verdicts = new Map(judged.findings.map((entry) => [keyOf(entry.package, entry), entry]));
    return [...scanned.values()].flatMap(({ id, findings }) =>
      findings.map((finding) => ({ id, finding, judged: verdicts.get(keyOf(id, finding)) })),
    );
  };
  const leaksOf = (findings: ReturnType<typeof current>) =>
    findings.filter((found) => found.judged?.verdict === 'leak').length;
  const precisionOf = (findings: ReturnType<typeof current>) =>
    findings.length === 0 ? 100 : (100 * leaksOf(findings)) / findings.length;

  it('sums up the corpus', (t) => {
    const findings = current();
    const files = [...scanned.values()].reduce((sum, result) => sum + result.files, 0);
    const reported = new Set(findings.map((found) => keyOf(found.id, found.finding)));
    const gone = judged.findings.filter((entry) => !reported.has(keyOf(entry.package, entry)));
    say(
      t,
      `real-code corpus: ${files} files, ${findings.length} findings, ${leaksOf(findings)} leaks, ` +
        `precision ${precisionOf(findings).toFixed(1)}%`,
    );
    const byRule = new Map<string, number>();
    for (const { finding } of findings) {
      const kind = `${finding.rule} (${finding.severity})`;
      byRule.set(kind, (byRule.get(kind) ?? 0) + 1);
    }
    if (byRule.size > 0) say(t, `findings by rule: ${[...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
    if (gone.length > 0) say(t, `${gone.length} judged findings are no longer reported`);
  });

  it(`has a verdict in ${JUDGED_FILE} for every finding`, () => {
    const unjudged = current().filter((found) => found.judged === undefined);
    if (unjudged.length === 0) return;
    const entries = unjudged.map(({ id, finding }) =>
      JSON.stringify({
        package: id,
        file: finding.file,
        line: finding.line,
        rule: finding.rule,
        verdict: '',
        reason: '',
      }),
    );
    const context = unjudged.map(({ id, finding }) => {
      const steps = finding.retention.map((step) => step.text).join(' → ');
      return (
        `  ${id} ${finding.file}:${finding.line}:${finding.column} ${finding.rule}` +
        ` [${finding.severity}, ${finding.safety}] ${finding.message}` +
        (steps ? `\n      ${steps}` : '')
      );
    });
    assert.fail(
      `${unjudged.length} findings have no entry in ${JUDGED_FILE}. Judge each one: set verdict to "leak" or ` +
        '"not-a-leak" and reason to one line in our own words (what root keeps what alive after which teardown), ' +
        `then add them to "findings":\n${entries.join(',\n')}\n\nWhat unleak says about them:\n${context.join('\n')}`,
    );
  });

  it(`keeps precision (leak verdicts / findings) at ${MIN_PRECISION}% or more`, () => {
    const findings = current();
    const precision = precisionOf(findings);
    const wrong = findings
      .filter((found) => found.judged?.verdict !== 'leak')
      .map(
        ({ id, finding, judged }) =>
          `  ${id} ${finding.file}:${finding.line} ${finding.rule}: ${judged?.reason ?? 'not judged'}`,
      );
    assert.ok(
      precision >= MIN_PRECISION,
      `precision ${precision.toFixed(1)}%: ${leaksOf(findings)} leaks of ${findings.length} findings; ` +
        `the others:\n${wrong.join('\n')}`,
    );
  });

  it('still reports as many judged leaks as judged.json records', (t) => {
    const findings = current();
    const leaks = leaksOf(findings);
    const reported = new Set(findings.map((found) => keyOf(found.id, found.finding)));
    const lost = judged.findings
      .filter((entry) => entry.verdict === 'leak' && !reported.has(keyOf(entry.package, entry)))
      .map((entry) => `  ${entry.package} ${entry.file}:${entry.line} ${entry.rule}: ${entry.reason}`);
    assert.ok(
      leaks >= judged.recorded.leaks,
      `${leaks} judged leaks are reported, ${JUDGED_FILE} records ${judged.recorded.leaks}; ` +
        `judged leaks no longer reported:\n${lost.join('\n')}`,
    );
    if (leaks > judged.recorded.leaks) say(t, `${leaks} judged leaks reported: raise recorded.leaks in ${JUDGED_FILE}`);
  });

  it('names a retention path for every finding, root first, owner last', () => {
    const findings = current();
    const pathless = findings
      .filter(({ finding }) => {
        const kinds = (finding.retention ?? []).map((step) => step.kind);
        return kinds.length < 2 || kinds[0] !== 'root' || kinds.at(-1) !== 'owner';
      })
      .map(({ id, finding }) => `  ${id} ${finding.file}:${finding.line} ${finding.rule}`);
    assert.deepEqual(pathless, [], 'findings without a retention path');
  });
});
