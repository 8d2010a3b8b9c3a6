import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig } from './config.js';
import { PathNotFoundError } from './discover.js';
import { fix, scan, scanReport, unfixed, type FixResult, type ScanResult } from './engine.js';
import { scanInParallel } from './parallel.js';
import { appliesWithoutAsking, isFixable, isLeak, type FileError } from './finding.js';
import { formatDiff } from './output/diff.js';
import { formatJson } from './output/json.js';
import { formatRules } from './output/rules.js';
import { fixSummary, reviewSummary } from './output/summary.js';
import { formatErrors, formatText, plural } from './output/text.js';
import { confirmWrite, reviewFindings } from './review.js';
import { DEFAULT_SETTINGS, REALMS, type Settings } from './settings.js';
import { parseShard, ShardError } from './shard.js';
import { RULES, selectRules, UnknownRuleError } from './transforms/index.js';
import { fixTypeChecked } from './verify.js';
import { BaselineFailure, fixTested, runTests } from './verify-tests.js';
import { restoreInterrupted, writeChanges } from './write.js';

/** eslint's exit codes: 0 clean, 1 findings or unreadable files, 2 usage or internal error; 130 cancelled, as after Ctrl-C. */
export const EXIT = { clean: 0, findings: 1, usage: 2, cancelled: 130 } as const;

class UsageError extends Error {}

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  interactive: boolean;
  /** A progress line for long runs, on a terminal only. */
  status?: (line: string) => void;
}

const processIo = (): Io => ({
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  ...(process.stderr.isTTY ? { status: (line: string) => process.stderr.write(`\r\x1b[K${line}`) } : {}),
});

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.clean : EXIT.usage;
    if (
      error instanceof UsageError ||
      error instanceof PathNotFoundError ||
      error instanceof UnknownRuleError ||
      error instanceof ConfigError ||
      error instanceof ShardError ||
      error instanceof BaselineFailure
    ) {
      io.stderr(`unleak: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`unleak: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
}

function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('unleak')
    .description('Find the references that keep objects alive after they are done, and rewrite them.')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run unleak --help for usage)');

  withSettingOptions(program.command('scan'))
    .description('report findings (exit 0 clean, 1 findings or unreadable files, 2 usage error)')
    .argument('[paths...]', 'files or folders (default: the current folder)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(ruleOption())
    .option(
      '--shard <k/n>',
      'analyse the k-th of n parts of the files, for a CI matrix (project-wide facts still see all)',
    )
    .option('-j, --jobs <n>', 'analyse in n worker threads (the output is the same for any n)', '1')
    .action(async (paths: string[], options: ScanCommandOptions, command: Command) => {
      const rules = selectRules(options.rule);
      const settings = settingsOf(command, io.cwd);
      const jobs = positiveCount(options.jobs, '--jobs');
      const progress = options.format === 'text' ? { progress: scanProgress(io) } : {};
      if (jobs > 1 && options.shard !== undefined) throw new UsageError('--jobs and --shard do not go together');
      const ruleIds = rules.map((rule) => rule.meta.id);
      const result =
        jobs > 1
          ? await scanInParallel({ cwd: io.cwd, paths, ruleIds, settings, jobs, ...progress })
          : await scanReport({
              cwd: io.cwd,
              paths,
              rules,
              settings,
              ...(options.shard === undefined ? {} : { shard: parseShard(options.shard) }),
              ...progress,
            });
      if (options.format === 'json') {
        io.stdout(formatJson(result.findings, result.errors, io.cwd));
      } else {
        io.stderr(formatErrors(result.errors, io.cwd));
        io.stdout(formatText(result.findings, result.errors, io.cwd));
      }
      setExitCode(result.findings.some(isLeak) || result.errors.length > 0 ? EXIT.findings : EXIT.clean);
    });

  withSettingOptions(program.command('fix'))
    .description('rewrite findings: review each change, or --yes to apply safe fixes, or --dry-run to print the diff')
    .argument('[paths...]', 'files or folders (default: the current folder)')
    .option('--dry-run', 'write nothing; print what --yes would write as a unified diff')
    .option('-y, --yes', 'apply fixes classed safe without asking')
    .option('--unsafe', 'also apply fixes classed review')
    .option(
      '--test-command <command>',
      "run the project's tests before and after; withdraw the fixes that make them fail",
    )
    .option(
      '--no-verify',
      "apply fixes without the tsconfig's type check (by default a fix that adds a type error is withdrawn)",
    )
    .addOption(ruleOption())
    .action(async (paths: string[], options: FixOptions, command: Command) =>
      setExitCode(await runFix(paths, options, settingsOf(command, io.cwd), io)),
    );

  program
    .command('rules')
    .description('list the rules: what each finds, how far its fix is trusted, where its docs are')
    .action(() => io.stdout(formatRules(RULES)));

  return program;
}

interface ScanCommandOptions {
  format: 'text' | 'json';
  rule: string[];
  shard?: string;
  jobs: string;
}

function positiveCount(text: string, flag: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1)
    throw new UsageError(`${flag} takes a whole number of 1 or more, not '${text}'`);
  return count;
}

interface FixOptions {
  dryRun?: boolean;
  yes?: boolean;
  unsafe?: boolean;
  verify: boolean;
  testCommand?: string;
  rule: string[];
}

async function runFix(paths: string[], options: FixOptions, settings: Settings, io: Io): Promise<number> {
  const interactive = !options.dryRun && !options.yes;
  if (interactive && !io.interactive) {
    throw new UsageError('no terminal to review changes in: use --dry-run to print them or --yes to apply safe fixes');
  }
  if (settings.testCommand && options.dryRun)
    throw new UsageError(
      '--test-command runs the tests on the fixed files, so it needs --yes or the review, not --dry-run',
    );
  const restored = await restoreInterrupted(io.cwd);
  if (restored.length > 0)
    io.stderr(
      `unleak: restored ${restored.length} ${plural(restored.length, 'file')} an interrupted test verification had changed.\n`,
    );
  if (settings.testCommand) await checkBaseline(settings.testCommand, io);
  const releaseInterrupt = interactive ? cancelOnInterrupt(io) : () => {};
  const rules = selectRules(options.rule);
  const scanned = await scan({ cwd: io.cwd, paths, rules, settings, progress: scanProgress(io) });
  const fixWith = options.verify ? fixTypeChecked : async (...args: Parameters<typeof fix>) => fix(...args);
  const write = (fixed: FixResult) => writeFixes(scanned, fixed, settings.testCommand, io);
  if (interactive) return reviewThenWrite(scanned, fixWith, write, io, releaseInterrupt);

  let result = await fixWith(
    scanned.findings,
    (finding) => appliesWithoutAsking(finding, options.unsafe === true),
    scanned.files,
  );
  const errors = [...scanned.errors, ...result.errors];
  let filesChanged = result.changes.length;
  if (options.dryRun) {
    io.stdout(formatDiff(result.changes, io.cwd));
  } else {
    const written = await write(result);
    result = written.result;
    errors.push(...written.skipped);
    filesChanged = written.written.length;
  }
  io.stderr(formatErrors(errors, io.cwd));
  io.stderr(
    fixSummary(scanned.findings.length, result, filesChanged, options.dryRun ? 'would change' : 'changed', io.cwd),
  );
  return unfixed(result).some(isLeak) || errors.length > 0 ? EXIT.findings : EXIT.clean;
}

/**
 * Ctrl-C outside a prompt (while scanning or showing a diff) ends the run as a prompt's Ctrl-C does.
 * Returns the function that stops this, called just before writing starts.
 */
function cancelOnInterrupt(io: Io): () => void {
  const onInterrupt = () => process.exit(cancelled(io));
  process.once('SIGINT', onInterrupt);
  return () => process.off('SIGINT', onInterrupt);
}

async function reviewThenWrite(
  scanned: ScanResult,
  fixWith: typeof fixTypeChecked,
  write: (result: FixResult) => ReturnType<typeof writeFixes>,
  io: Io,
  beforeWriting: () => void,
): Promise<number> {
  io.stderr(formatErrors(scanned.errors, io.cwd));
  const decision = await reviewFindings(scanned.findings.filter(isFixable), {
    cwd: io.cwd,
    write: io.stdout,
    textOf: scanned.files.text,
  });
  if (!decision) return cancelled(io, beforeWriting);

  const accepted = new Set(decision.accepted);
  const result = await fixWith(scanned.findings, (finding) => accepted.has(finding), scanned.files);
  io.stdout(reviewSummary(decision, result, io.cwd));
  const remainingOrErrors = unfixed(result).some(isLeak) || scanned.errors.length + result.errors.length > 0;
  if (result.changes.length === 0) {
    beforeWriting();
    return remainingOrErrors ? EXIT.findings : EXIT.clean;
  }

  const files = result.changes.length;
  const confirmed = await confirmWrite(`Write ${files} ${plural(files, 'file')}?`);
  beforeWriting();
  if (confirmed === undefined) return cancelled(io);
  if (!confirmed) {
    io.stderr('unleak: nothing was written.\n');
    return EXIT.findings;
  }
  const written = await write(result);
  io.stderr(formatErrors([...result.errors, ...written.skipped], io.cwd));
  if (written.result !== result)
    io.stderr(fixSummary(scanned.findings.length, written.result, files, 'changed', io.cwd));
  io.stderr(`unleak: ${written.written.length} ${plural(written.written.length, 'file')} written.\n`);
  const left = unfixed(written.result).some(isLeak) || remainingOrErrors;
  return left || written.skipped.length > 0 ? EXIT.findings : EXIT.clean;
}

/**
 * Writes the fixes: at once, or, with a test command, tried on disk against it first, in which case the
 * result may have fewer fixes than asked (the withdrawn ones say why).
 */
async function writeFixes(
  scanned: ScanResult,
  result: FixResult,
  testCommand: string | undefined,
  io: Io,
): Promise<{ result: FixResult; written: string[]; skipped: FileError[] }> {
  if (!testCommand) return { result, ...(await writeChanges(result.changes)) };
  const tested = await fixTested(scanned.findings, result, scanned.files, {
    command: testCommand,
    cwd: io.cwd,
    progress: (runs, unplaced) =>
      io.status?.(`unleak: test run ${runs}, ${unplaced} ${plural(unplaced, 'fix', 'fixes')} being placed`),
  });
  io.status?.('');
  return { result: tested, written: tested.changes.map((change) => change.path), skipped: [] };
}

/**
 * One line on a terminal while files are analysed, once a run has taken a second: files done of all,
 * and files per second. Nothing off a terminal.
 */
function scanProgress(io: Io): (done: number, total: number) => void {
  const started = performance.now();
  let shown = 0;
  return (done, total) => {
    const now = performance.now();
    if (!io.status || now - started < 1000 || (now - shown < 100 && done < total)) return;
    shown = now;
    const rate = Math.round(done / ((now - started) / 1000));
    io.status(done < total ? `unleak: ${done}/${total} files analysed, ${rate} files/s` : '');
  };
}

/** The test command must pass before any fix, or it cannot tell a fix that breaks something. */
async function checkBaseline(command: string, io: Io): Promise<void> {
  io.status?.(`unleak: running ${command} before any fix`);
  const run = await runTests(command, io.cwd);
  io.status?.('');
  if (!run.passed)
    throw new BaselineFailure(
      `the test command fails before any fix, so it cannot judge them; nothing was written. Its output ends:\n${run.tail}`,
    );
}

function cancelled(io: Io, then: () => void = () => {}): number {
  then();
  io.stderr('unleak: cancelled; nothing was written.\n');
  return EXIT.cancelled;
}

/** The options every command that detects takes: the settings of unleak.config.json, and the file itself. */
const withSettingOptions = (command: Command): Command =>
  [realmOption(), ...libReferenceOptions(), includeRisksOption(), configOption()].reduce(
    (withOption, option) => withOption.addOption(option),
    command,
  );

function ruleOption(): Option {
  return new Option('--rule <id>', 'run only this rule (repeatable; see unleak rules)')
    .argParser((value: string, previous: string[] = []) => [...previous, value])
    .default([]);
}

function realmOption(): Option {
  return new Option(
    '--realm <realm>',
    "where listener fixes take AbortController from: the global one, or the targets' window",
  ).choices(REALMS);
}

function libReferenceOptions(): Option[] {
  return [
    new Option(
      '--lib-reference',
      'add /// <reference lib="es2021.weakref" /> where the lib lacks WeakRef, whatever the target (your runtimes have WeakRef)',
    ),
    new Option('--no-lib-reference', 'never add /// <reference lib="es2021.weakref" />; such fixes become report-only'),
  ];
}

function includeRisksOption(): Option {
  return new Option(
    '--include-risks',
    'also report risks: leak shapes whose root is not known to outlive the owner (never fixed by --yes, never counted in the exit code)',
  );
}

function configOption(): Option {
  return new Option('--config <file>', 'read settings from this file instead of the nearest unleak.config.json');
}

/** Defaults, overridden by the config file, overridden by flags given on the command line. */
function settingsOf(command: Command, cwd: string): Settings {
  const options = command.opts<{
    realm?: Settings['realm'];
    libReference?: boolean;
    includeRisks?: boolean;
    testCommand?: string;
    config?: string;
  }>();
  const fromFlags: Partial<Settings> = {};
  if (options.realm) fromFlags.realm = options.realm;
  if (options.includeRisks) fromFlags.includeRisks = true;
  if (options.libReference !== undefined) fromFlags.libReference = options.libReference;
  if (options.testCommand !== undefined) fromFlags.testCommand = options.testCommand;
  return { ...DEFAULT_SETTINGS, ...loadConfig(cwd, options.config).settings, ...fromFlags };
}

/** The version in unleak's package.json, found upwards from this module wherever the build put it. */
function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
