/**
 * What an unleak scan costs next to a bare parse of the same files, ast-grep's structural search and
 * jscodeshift with a transform that changes nothing: over a generated monorepo of N and 4N files, or
 * over any folder. Each tool runs as a process of its own, round-robin, so that drift is shared; CPU
 * time (user + system, the tool's threads and child processes included) is what is compared, as the
 * machine may be shared. A measurement, not a test: it prints a markdown table and asserts nothing.
 *
 *   npm run bench -- [--files 3000] [--runs 3]
 *   npm run bench -- --dir ../some-repo [--runs 3]
 *
 * CPU and peak memory are read from /proc, so the bench runs on Linux.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.js';

interface Sample {
  cpuSeconds: number;
  wallSeconds: number;
  peakRssMiB: number;
  /** Why the run failed (out of memory, a crash); its numbers are then what it took until then. */
  failure?: string;
}

interface Tool {
  name: string;
  command: (dir: string) => string[];
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const unleak =
  (...flags: string[]) =>
  (dir: string) => [process.execPath, path.join(ROOT, 'bin', 'unleak.js'), 'scan', '--format', 'json', ...flags, dir];

const RAW_PARSE = 'raw ts.createSourceFile';
const AST_GREP = "ast-grep run -p '$A.addEventListener($$$)'";
const ALL_RULES = 'unleak scan (all default rules)';
const TOOLS: Tool[] = [
  { name: RAW_PARSE, command: (dir) => [process.execPath, path.join(ROOT, 'dist-test', 'bench', 'raw-parse.js'), dir] },
  { name: AST_GREP, command: (dir) => [bin('ast-grep'), 'run', '-p', '$A.addEventListener($$$)', dir] },
  {
    name: 'jscodeshift, no-op transform',
    command: (dir) => [
      bin('jscodeshift'),
      '--dry',
      '--silent',
      '--parser=ts',
      '--extensions=ts,tsx,js,jsx,mjs,cjs,mts,cts',
      '--ignore-pattern=**/node_modules/**',
      '-t',
      path.join(ROOT, 'bench', 'noop-transform.cjs'),
      dir,
    ],
  },
  {
    name: 'unleak scan (listener rules)',
    command: unleak('--rule', 'lingering-listener', '--rule', 'unremovable-listener'),
  },
  { name: ALL_RULES, command: unleak() },
];

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '3000' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string' },
  },
});
const runs = positiveInteger(values.runs, '--runs');
const cpus = os.cpus();
console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), node ${process.version}`);
console.log(`median of ${runs} runs; ratios are of CPU time\n`);

if (values.dir) {
  const dir = path.resolve(values.dir);
  console.log(`folder: ${dir}\n`);
  printTable(await measureAll(dir, TOOLS, runs));
} else {
  const files = positiveInteger(values.files, '--files');
  const corpusRoot = mkdtempSync(path.join(os.tmpdir(), 'unleak-bench-'));
  try {
    const medians = new Map<number, Map<string, Sample>>();
    for (const count of [files, files * 4]) {
      const dir = path.join(corpusRoot, String(count));
      const corpus = writeCorpus(dir, count);
      console.log(
        `corpus of ${corpus.files.length} files, ${corpus.lines} lines, ${corpus.packages} packages: ` +
          `${corpus.listenerFiles} with listeners, ${corpus.backPointerFiles} with back-pointers\n`,
      );
      const tools = count === files ? TOOLS : TOOLS.filter((tool) => [RAW_PARSE, ALL_RULES].includes(tool.name));
      medians.set(count, await measureAll(dir, tools, runs));
      printTable(medians.get(count)!);
      console.log('');
    }
    printScaling(files, medians);
  } finally {
    rmSync(corpusRoot, { recursive: true, force: true });
  }
}

async function measureAll(dir: string, tools: readonly Tool[], count: number): Promise<Map<string, Sample>> {
  const samples = new Map<string, Sample[]>(tools.map((tool) => [tool.name, []]));
  for (let run = 0; run < count; run++) {
    for (const tool of tools) samples.get(tool.name)!.push(await measure(tool.command(dir)));
  }
  return new Map([...samples].map(([name, taken]) => [name, medianOf(taken)]));
}

/** Runs a command to its end; CPU from this process's reaped-children times, memory from the child's high-water mark. */
async function measure([command, ...args]: string[]): Promise<Sample> {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const child = spawn(command!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  let peakKiB = 0;
  const poll = setInterval(() => {
    peakKiB = Math.max(peakKiB, highWaterMarkKiB(child.pid!));
  }, 10);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  const sample = {
    cpuSeconds: childrenCpuSeconds() - cpuBefore,
    wallSeconds: (performance.now() - started) / 1000,
    peakRssMiB: peakKiB / 1024,
  };
  // unleak exits 1 when it finds leaks; anything else is a failure, shown in the table rather than hidden.
  if (code === 0 || code === 1) return sample;
  const failure = /heap out of memory/.test(stderr)
    ? 'out of memory'
    : `exit ${code}: ${stderr.trim().split('\n').at(-1)}`;
  return { ...sample, failure };
}

/** cutime + cstime of this process: the CPU time of every child it has waited for, with their own children. */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat(5), counted after the command name; ticks are 100 per second on Linux.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function highWaterMarkKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function printTable(medians: Map<string, Sample>): void {
  const baseline = (name: string) => medians.get(name)?.cpuSeconds;
  const ratio = (cpu: number, name: string) => {
    const base = baseline(name);
    return base ? `${(cpu / base).toFixed(2)}×` : '–';
  };
  const rows = [...medians].map(([name, sample]) => [
    sample.failure ? `${name} — failed: ${sample.failure}` : name,
    sample.cpuSeconds.toFixed(2),
    sample.wallSeconds.toFixed(2),
    sample.peakRssMiB.toFixed(0),
    ratio(sample.cpuSeconds, RAW_PARSE),
    ratio(sample.cpuSeconds, AST_GREP),
  ]);
  console.log('| tool | CPU s | wall s | peak RSS MiB | CPU vs raw parse | CPU vs ast-grep |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

function printScaling(files: number, medians: Map<number, Map<string, Sample>>): void {
  console.log(`| scaling, ${files} → ${files * 4} files | CPU ratio (4.00 is linear) |`);
  console.log('|---|---:|');
  for (const name of [RAW_PARSE, ALL_RULES]) {
    const small = medians.get(files)!.get(name)!;
    const large = medians.get(files * 4)!.get(name)!;
    const failed = small.failure ?? large.failure;
    console.log(`| ${name} | ${failed ? `failed: ${failed}` : (large.cpuSeconds / small.cpuSeconds).toFixed(2)} |`);
  }
}

function medianOf(samples: readonly Sample[]): Sample {
  const middle = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b);
    const half = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
  };
  const failure = samples.find((sample) => sample.failure)?.failure;
  return {
    cpuSeconds: middle(samples.map((sample) => sample.cpuSeconds)),
    wallSeconds: middle(samples.map((sample) => sample.wallSeconds)),
    peakRssMiB: middle(samples.map((sample) => sample.peakRssMiB)),
    ...(failure ? { failure } : {}),
  };
}

function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${flag} must be a positive integer, got ${value}`);
  return number;
}
