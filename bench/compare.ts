/**
 * How long unleak takes next to a bare parse and next to a jscodeshift run, on a generated corpus.
 * A measurement, not a test: it prints numbers and asserts nothing.
 *
 *   npm run bench -- [--files 600] [--runs 3]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import jscodeshift from 'jscodeshift';
import { ts } from 'ts-morph';
import { fix, scan } from '../src/engine.js';
import { isFixable } from '../src/finding.js';
import { selectRules } from '../src/transforms/index.js';
import { writeCorpus } from './corpus.js';

interface Sample {
  wallMs: number;
  cpuMs: number;
}

const RAW_PARSE = 'raw ts.createSourceFile';
const JSCODESHIFT = 'jscodeshift parse + toSource';
const SCAN = 'unleak scan';
const FIX = 'unleak fix planning';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '600' }, runs: { type: 'string', default: '3' } },
});
const fileCount = positiveInteger(values.files, '--files');
const runs = positiveInteger(values.runs, '--runs');

const corpusDir = mkdtempSync(path.join(os.tmpdir(), 'unleak-bench-'));
try {
  const corpus = writeCorpus(corpusDir, fileCount);
  const cpus = os.cpus();
  const cpuModel = cpus[0]?.model.trim() ?? 'unknown CPU';
  console.log(`machine: ${cpus.length} cores (${cpuModel}), node ${process.version}, ${os.platform()}-${os.arch()}`);
  console.log(`corpus: ${corpus.files.length} files, ${corpus.lines} lines, ${corpus.listenerFiles} with listeners`);
  console.log(`median of ${runs} runs\n`);

  const samples = new Map<string, Sample[]>();
  const record = (name: string, sample: Sample) => samples.set(name, [...(samples.get(name) ?? []), sample]);
  let workDone = '';
  // Round-robin rather than one measurement's runs in a row, so that drift (JIT, GC, heat) is shared.
  for (let run = 0; run < runs; run++) {
    record(RAW_PARSE, (await measure(() => parseWithTypeScript(corpus.files))).sample);
    record(JSCODESHIFT, (await measure(() => parseWithJscodeshift(corpus.files))).sample);
    const scanned = await measure(() => scan({ cwd: corpusDir, paths: [corpusDir], rules: selectRules([]) }));
    record(SCAN, scanned.sample);
    const fixed = await measure(() => fix(scanned.value.findings, isFixable, scanned.value.files));
    record(FIX, fixed.sample);
    const { findings, errors } = scanned.value;
    workDone =
      `scan: ${findings.length} findings (${findings.filter(isFixable).length} fixable), ${errors.length} file errors; ` +
      `fix: ${fixed.value.fixed.length} fixed in ${fixed.value.changes.length} files`;
  }

  printTable(samples);
  console.log(`\n${workDone}`);
  console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  rmSync(corpusDir, { recursive: true, force: true });
}

/** Parent pointers are set because every tool that walks the tree needs them, ts-morph included. */
function parseWithTypeScript(files: readonly string[]): void {
  for (const file of files) ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** What `jscodeshift --parser ts` does per file with a transform that changes nothing. */
function parseWithJscodeshift(files: readonly string[]): void {
  const j = jscodeshift.withParser('ts');
  for (const file of files) j(readFileSync(file, 'utf8')).toSource();
}

async function measure<T>(run: () => T | Promise<T>): Promise<{ value: T; sample: Sample }> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const value = await run();
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { value, sample: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 } };
}

function printTable(samples: Map<string, Sample[]>): void {
  const medianOf = (taken: Sample[]): Sample => ({
    wallMs: median(taken.map((sample) => sample.wallMs)),
    cpuMs: median(taken.map((sample) => sample.cpuMs)),
  });
  const medians = new Map([...samples].map(([name, taken]) => [name, medianOf(taken)]));
  const ratio = (wallMs: number, baseline: string) => `${(wallMs / medians.get(baseline)!.wallMs).toFixed(2)}x`;
  const rows = [
    ['measurement', 'wall ms', 'CPU ms', 'wall vs raw parse', 'wall vs jscodeshift'],
    ...[...medians].map(([name, { wallMs, cpuMs }]) => [
      name,
      wallMs.toFixed(0),
      cpuMs.toFixed(0),
      ratio(wallMs, RAW_PARSE),
      ratio(wallMs, JSCODESHIFT),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    const cells = row.map((cell, column) =>
      column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
    );
    console.log(cells.join('  '));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${flag} must be a positive integer, got ${value}`);
  return number;
}
