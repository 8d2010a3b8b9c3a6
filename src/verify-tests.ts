import { spawn } from 'node:child_process';
import { culpritsAmong } from './bisect.js';
import { fix, type FixResult, type ScannedFiles, type Withdrawal } from './engine.js';
import type { Finding } from './finding.js';
import { TrialFiles } from './write.js';

/** A run of the project's test command: whether it passed, the first lines naming a failure, and the end of what it printed. */
export interface TestRun {
  passed: boolean;
  failures: string[];
  tail: string;
}

/** The test command fails before any fix: there is nothing to judge fixes by. */
export class BaselineFailure extends Error {}

const TAIL_LINES = 8;

/** Runs `command` in a shell in `cwd`, as the user would, keeping the lines naming failures and the last lines. */
export function runTests(command: string, cwd: string): Promise<TestRun> {
  return new Promise((resolve) => {
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    const lines: string[] = [];
    const failures: string[] = [];
    const keep = (chunk: Buffer) => {
      const complete = (partial + chunk.toString('utf8')).split('\n');
      partial = complete.pop()!;
      for (const line of complete) {
        const failure = line.trim();
        if (FAILURE_LINE.test(line) && failures.length < 5 && !failures.includes(failure)) failures.push(failure);
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ passed: false, failures, tail: error.message }));
    child.on('close', (code) =>
      resolve({ passed: code === 0, failures, tail: [...lines, partial].join('\n').trimEnd() }),
    );
  });
}

/** How test runners name a failing test: TAP's `not ok`, node's and Vitest's `✖`/`×`, Jest's `FAIL`. */
const FAILURE_LINE = /^\s*(not ok\b|✖|×|FAIL\b)/;

export interface TestVerification {
  command: string;
  cwd: string;
  /** Told after each run: how many runs so far, and how many findings are not yet placed. */
  progress(runs: number, unplaced: number): void;
}

/**
 * The fixes of `result` (already made in memory) judged by the project's own test command, on disk (the
 * caller has seen it pass before any fix): it runs again with the fixes. When it fails, the
 * findings are bisected, by file first and then by finding, and those without which it passes are
 * withdrawn with the end of the failing output; the tree left on disk passes the command. Every trial
 * is written through TrialFiles, so that an interruption leaves old or new files and a journal.
 */
export async function fixTested(
  findings: readonly Finding[],
  result: FixResult,
  files: ScannedFiles,
  verification: TestVerification,
): Promise<FixResult> {
  if (result.changes.length === 0) return result;
  const originals = new Map(result.changes.map((change) => [change.path, change.before]));
  const trials = await TrialFiles.begin(verification.cwd, originals);
  const restoreOnSignal = () => {
    void trials.end().finally(() => process.exit(130));
  };
  process.once('SIGINT', restoreOnSignal).once('SIGTERM', restoreOnSignal);
  try {
    const settled = new Set([...result.left, ...result.withdrawn.map(({ finding }) => finding)]);
    const candidates = findings.filter((finding) => !settled.has(finding));
    return await placeFindings(candidates, result, files, trials, verification);
  } finally {
    process.off('SIGINT', restoreOnSignal).off('SIGTERM', restoreOnSignal);
  }
}

async function placeFindings(
  fixable: readonly Finding[],
  result: FixResult,
  files: ScannedFiles,
  trials: TrialFiles,
  { command, cwd, progress }: TestVerification,
): Promise<FixResult> {
  let runs = 0;
  let candidates = fixable;
  // The result on disk: each trial fixes a subset, and the last one is what is kept.
  let last = result;
  const testsWith = async (fixed: FixResult): Promise<TestRun | undefined> => {
    await trials.show(new Map(fixed.changes.map((change) => [change.path, change.after])));
    const run = await runTests(command, cwd);
    progress(++runs, candidates.length);
    return run.passed ? undefined : run;
  };
  const trial = (subset: readonly Finding[]): Promise<TestRun | undefined> => {
    files.reset();
    last = fix(subset, () => true, files);
    return testsWith(last);
  };

  const culprits = new Map<Finding, TestRun>();
  for (let failure = await testsWith(result); failure !== undefined; failure = await trial(candidates)) {
    const byFile = [...new Set(candidates.map((finding) => finding.file))].map((file) =>
      candidates.filter((finding) => finding.file === file),
    );
    const failingFiles = await culpritsAmong(byFile, failure, (units) => trial(units.flat()));
    for (const [unit, unitFailure] of failingFiles) {
      for (const [finding, its] of await culpritsAmong(unit, unitFailure, trial)) culprits.set(finding, its);
    }
    candidates = candidates.filter((finding) => !culprits.has(finding));
  }
  await trials.end(new Map(last.changes.map((change) => [change.path, change.after])));
  const failing: Withdrawal[] = [...culprits].map(([finding, run]) => ({
    finding,
    reason: `the test command fails with it: ${run.failures[0] ?? run.tail.split('\n').at(-1)}`,
    details: [...run.failures, '…', run.tail].join('\n'),
  }));
  return { ...last, left: result.left, withdrawn: [...result.withdrawn, ...failing] };
}
