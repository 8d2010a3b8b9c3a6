import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, demoCopy, type JsonFinding, type JsonReport, snapshot, tempDir, unleak } from './helpers/cli.js';

const TSC = path.resolve(import.meta.dirname, '../../node_modules/typescript/bin/tsc');

const LEAKY_CLASS = `export class Panel {
  constructor() {
    window.addEventListener('resize', this.onResize);
  }

  private onResize = () => {
    console.log('resized');
  };

  dispose() {
    console.log('disposed');
  }
}
`;

/** A folder holding the given files, written as they are. */
function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const scanJson = (cwd: string, ...args: string[]): { code: number | null; report: JsonReport } => {
  const run = unleak(['scan', '--format', 'json', ...args], cwd);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
};

/** Opens a FIFO for writing once `child` opens it for reading; polling, since a blocking open would hang the test if it never does. */
async function openWhenRead(fifo: string, child: ChildProcess): Promise<number> {
  while (child.exitCode === null && child.signalCode === null) {
    try {
      return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
    }
    await sleep(10);
  }
  throw new Error(`unleak exited before reading ${fifo}`);
}

describe('unleak (usage)', () => {
  it('prints its version and help, exit 0', () => {
    const version = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')).version;
    assert.deepEqual(unleak(['--version'], tempDir()), { code: 0, stdout: `${version}\n`, stderr: '' });
    const help = unleak(['--help'], tempDir());
    assert.equal(help.code, 0);
    assert.match(help.stdout, /scan \[options\] \[paths\.\.\.\]/);
  });

  it('exits 2 on usage errors, with one line saying why', () => {
    const dir = project({ 'a.ts': LEAKY_CLASS });
    const cases: [string[], RegExp][] = [
      [['lint'], /unknown command 'lint'/],
      [['scan', '--colour'], /unknown option '--colour'/],
      [['scan', '--format', 'xml'], /Allowed choices are text, json/],
      [
        ['scan', '--rule', 'no-such-rule'],
        /unknown rule 'no-such-rule'; known rules: lingering-listener, unremovable-listener, back-pointer/,
      ],
      [['scan', 'missing-folder'], /^unleak: no such file or directory: missing-folder$/m],
    ];
    for (const [args, message] of cases) {
      const run = unleak(args, dir);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
    }
  });

  it('refuses to fix without --yes or --dry-run when there is no terminal to review in', () => {
    const dir = project({ 'a.ts': LEAKY_CLASS });
    const run = unleak(['fix'], dir);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /no terminal to review changes in: use --dry-run to print them or --yes to apply safe fixes/,
    );
    assert.equal(readFileSync(path.join(dir, 'a.ts'), 'utf8'), LEAKY_CLASS);
  });

  it('lists the rules: what each finds, how far its fix is trusted, whether it runs, its docs', () => {
    const run = unleak(['rules'], tempDir());
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      [
        'lingering-listener       A listener on a target that outlives its owner is never removed when the owner is torn down.',
        '                         fix: safe · on by default · docs: docs/rules/lingering-listener.md',
        'unremovable-listener     A removal exists, but can never match the registered listener.',
        '                         fix: safe · on by default · docs: docs/rules/unremovable-listener.md',
        'back-pointer             A child keeps its owner strongly while something long-lived holds the child.',
        '                         fix: review · on by default · docs: docs/rules/back-pointer.md',
        'listener-pair-to-signal  A listener that the teardown removes by hand can be registered with an AbortController signal instead.',
        '                         fix: review · off by default: --rule listener-pair-to-signal · docs: docs/rules/listener-pair-to-signal.md',
        '',
      ].join('\n'),
    );
  });
});

describe('unleak scan', () => {
  it('reports the demo app in the JSON contract, exit 1', () => {
    const dir = demoCopy();
    const { code, report } = scanJson(path.dirname(dir), 'leaky-app');
    assert.equal(code, 1);
    assert.equal(report.version, 1);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}/${f.messageId} ${f.safety} ${f.fixable}`),
      [
        'leaky-app/src/components/cart-badge.ts:7:5 lingering-listener/neverRemoved safe true',
        'leaky-app/src/components/online-status.tsx:8:5 lingering-listener/notRemovedByCleanup safe true',
        'leaky-app/src/components/online-status.tsx:9:5 lingering-listener/notRemovedByCleanup safe true',
        'leaky-app/src/components/resize-panel.ts:8:5 lingering-listener/neverRemoved safe true',
        'leaky-app/src/components/search-box.ts:7:5 unremovable-listener/removalCannotMatch safe true',
        'leaky-app/src/components/theme-toggle.ts:4:5 lingering-listener/neverRemoved safe true',
        'leaky-app/src/outline/outline.ts:26:5 back-pointer/backPointer review true',
        'leaky-app/src/server/live-orders.ts:8:5 lingering-listener/neverRemoved safe true',
        'leaky-app/src/services/analytics.ts:5:5 lingering-listener/neverRemoved report-only false',
      ],
    );
    const [cartBadge] = report.findings;
    assert.deepEqual(cartBadge!.data, {
      event: "'cart:add'",
      target: 'bus',
      lifetime: "lives in the module '../services/event-bus' for as long as the app runs",
      owner: 'CartBadge',
    });
    assert.equal(cartBadge!.fix, 'register it with an AbortController signal that dispose() aborts');
    for (const finding of report.findings) {
      const outcome = finding.fixable
        ? ['fix', ...(finding.reviewBecause ? ['reviewBecause'] : [])]
        : ['unfixableBecause'];
      assert.deepEqual(Object.keys(finding), [
        'rule',
        'messageId',
        'data',
        'file',
        'line',
        'column',
        'message',
        'safety',
        'fixable',
        ...outcome,
        'severity',
        'retention',
      ]);
      assert.equal(finding.severity, 'leak');
      assert.deepEqual(
        finding.retention.map((step) => step.kind),
        ['root', ...finding.retention.slice(1, -1).map(() => 'edge'), 'owner'],
        'a path from a root to the owner',
      );
      const line = readFileSync(path.join(path.dirname(dir), finding.file), 'utf8').split('\n')[finding.line - 1]!;
      const pointsAt =
        finding.rule === 'back-pointer' ? /^public outline: Outline,/ : /^\w+(\.\w+)?\.(addEventListener|on)\(/;
      assert.match(line.slice(finding.column - 1), pointsAt, 'points at the registration call or the field');
    }
  });

  it('prints findings grouped by file, eslint-style', () => {
    const dir = project({ 'src/panel.ts': LEAKY_CLASS });
    const run = unleak(['scan'], dir);
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      [
        'src/panel.ts',
        "  3:5     lingering-listener  'resize' listener on window is never removed; window is global, and it keeps each Panel alive. Fix: register it with an AbortController signal that dispose() aborts.  (fixable)",
        "          window (global) → 'resize' listener → Panel (and everything it holds)",
        '',
        '1 leak in 1 file (1 fixable, 0 review, 0 report-only)',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 on a clean folder', () => {
    const dir = project({ 'ok.ts': 'export const answer = 42;\n' });
    assert.deepEqual(unleak(['scan'], dir), { code: 0, stdout: 'No leaks found.\n', stderr: '' });
  });

  it('reports a file that does not parse in one line and goes on with the others', () => {
    const dir = project({ 'a-broken.ts': 'export class {\n', 'b.ts': LEAKY_CLASS });
    const text = unleak(['scan'], dir);
    assert.equal(text.code, 1);
    assert.equal(text.stderr, "unleak: a-broken.ts: cannot be parsed: '}' expected. (2:1)\n");
    assert.match(text.stdout, /^b\.ts$/m);

    const { code, report } = scanJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(report.errors, [{ file: 'a-broken.ts', message: "cannot be parsed: '}' expected. (2:1)" }]);
    assert.deepEqual(
      report.findings.map((f) => f.file),
      ['b.ts'],
    );
  });

  it('reports a file that cannot be read as text and goes on', () => {
    const dir = project({ 'latin1.ts': Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]), 'b.ts': LEAKY_CLASS });
    const { code, report } = scanJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(report.errors, [{ file: 'latin1.ts', message: 'is not valid UTF-8, left untouched' }]);
    assert.equal(report.findings.length, 1);
  });

  it(
    'reports a file without read permission and goes on',
    { skip: process.getuid?.() === 0 && 'root reads any file' },
    () => {
      const dir = project({ 'locked.ts': LEAKY_CLASS, 'b.ts': LEAKY_CLASS });
      chmodSync(path.join(dir, 'locked.ts'), 0o000);
      const { report } = scanJson(dir);
      assert.deepEqual(report.errors, [{ file: 'locked.ts', message: 'cannot be read: EACCES' }]);
    },
  );

  it("skips node_modules, .gitignore'd files and declaration files", () => {
    const dir = project({
      '.gitignore': 'generated/\n',
      'src/keep.ts': LEAKY_CLASS,
      'src/types.d.ts': LEAKY_CLASS,
      'generated/skip.ts': LEAKY_CLASS,
      'node_modules/lib/index.js': LEAKY_CLASS,
    });
    assert.deepEqual(
      scanJson(dir).report.findings.map((f) => f.file),
      ['src/keep.ts'],
    );
  });

  it('lets tsconfig.json decide which files belong', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ include: ['src'], exclude: ['src/legacy'] }),
      'src/app.ts': LEAKY_CLASS,
      'src/legacy/old.ts': LEAKY_CLASS,
      'scripts/tool.ts': LEAKY_CLASS,
    });
    assert.deepEqual(
      scanJson(dir).report.findings.map((f) => f.file),
      ['src/app.ts'],
    );
    assert.deepEqual(
      scanJson(dir, 'scripts/tool.ts').report.findings.map((f) => f.file),
      ['scripts/tool.ts'],
      'a file named on the command line is always read',
    );
  });

  it('reads a file named on the command line even if .gitignore ignores it', () => {
    const dir = project({ '.gitignore': 'generated/\n', 'generated/panel.ts': LEAKY_CLASS });
    assert.deepEqual(scanJson(dir).report.findings, []);
    const { code, report } = scanJson(dir, 'generated/panel.ts');
    assert.equal(code, 1);
    assert.deepEqual(
      report.findings.map((f) => f.file),
      ['generated/panel.ts'],
    );
  });

  it('keeps a tsconfig.json with errors TypeScript can live with, and ignores one that is not JSON', () => {
    const files = { 'src/app.ts': LEAKY_CLASS, 'src/legacy/old.ts': LEAKY_CLASS };
    const newerTypeScript = project({
      ...files,
      'tsconfig.json': JSON.stringify({
        compilerOptions: { optionFromANewerTypeScript: true },
        include: ['src'],
        exclude: ['src/legacy'],
      }),
    });
    const newer = scanJson(newerTypeScript).report;
    assert.deepEqual(newer.errors, []);
    assert.deepEqual(
      newer.findings.map((f) => f.file),
      ['src/app.ts'],
      'include and exclude still apply',
    );

    const solutionStyle = project({
      ...files,
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './src' }] }),
    });
    const solution = scanJson(solutionStyle).report;
    assert.deepEqual(solution.errors, []);
    assert.deepEqual(
      solution.findings.map((f) => f.file),
      ['src/app.ts', 'src/legacy/old.ts'],
      'no inputs: every file under it',
    );

    const notJson = scanJson(project({ ...files, 'tsconfig.json': '{ "include": ["src"' })).report;
    assert.deepEqual(notJson.errors, [{ file: 'tsconfig.json', message: "tsconfig ignored: ']' expected." }]);
    assert.deepEqual(
      notJson.findings.map((f) => f.file),
      ['src/app.ts', 'src/legacy/old.ts'],
    );
  });

  it("reads a monorepo's packages through their own tsconfig when none above decides", () => {
    const emitterTypes =
      "declare module 'bus' {\n  export const bus: { on(type: string, fn: () => void): void; off(type: string, fn: () => void): void };\n}\n";
    const source =
      "import { bus } from 'bus';\n\nexport class Feed {\n  count = 0;\n\n  constructor() {\n    bus.on('tick', this.tick);\n  }\n\n  tick = () => this.count++;\n\n  dispose() {}\n}\n";
    const packageConfig = JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['src', 'types'] });
    const files = {
      'packages/feed/tsconfig.json': packageConfig,
      'packages/feed/types/bus.d.ts': emitterTypes,
      'packages/feed/src/feed.ts': source,
      'packages/feed/scripts/release.ts': LEAKY_CLASS,
      'tools/panel.ts': LEAKY_CLASS,
    };
    const solutionStyle = { 'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/feed' }] }) };
    for (const root of [{}, solutionStyle] as Record<string, string>[]) {
      const { report } = scanJson(project({ ...files, ...root }));
      assert.deepEqual(report.errors, []);
      assert.deepEqual(
        report.findings.map((f) => `${f.file}:${f.line}`),
        ['packages/feed/src/feed.ts:7', 'tools/panel.ts:3'],
        "the package's types make bus an emitter; its tsconfig leaves scripts/ out; tools/ has none",
      );
    }
  });

  it("says so when a folder's tsconfig includes none of its source files, instead of passing it as clean", () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ include: ['types'] }),
      'types/env.d.ts': 'declare const env: string;\n',
      'src/panel.ts': LEAKY_CLASS,
    });
    const { code, report } = scanJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(report.errors, [
      {
        file: '.',
        message:
          'its tsconfig (tsconfig.json) does not include the source file here, so nothing was read; name the files to read them',
      },
    ]);
    assert.deepEqual(
      scanJson(dir, 'src/panel.ts').report.findings.map((f) => f.file),
      ['src/panel.ts'],
      'a named file is read',
    );
    assert.deepEqual(
      scanJson(dir, 'src').report.errors.map((error) => error.message),
      [
        'its tsconfig (tsconfig.json) does not include the source file here, so nothing was read; name the files to read them',
      ],
      'the tsconfig is named from the current folder, as the folder is',
    );
  });

  it('offers no fix where AbortController is not declared: a lib without the DOM and Node types before 15', () => {
    const worker = LEAKY_CLASS.replace(
      "window.addEventListener('resize', this.onResize);",
      "process.on('SIGINT', this.onResize);",
    );
    const processTypes =
      'declare const process: { on(type: string, fn: () => void): void; off(type: string, fn: () => void): void };\n';
    const tsconfig = (lib: string[]) =>
      JSON.stringify({ compilerOptions: { lib, types: [], strict: true }, include: ['*.ts'] });
    const withoutDom = scanJson(
      project({ 'tsconfig.json': tsconfig(['es2020']), 'process.d.ts': processTypes, 'panel.ts': worker }),
    ).report;
    assert.deepEqual(
      withoutDom.findings.map((f) => `${f.safety}: ${f.message.replace(/.*Not fixed: /, '')}`),
      [
        "report-only: AbortController is not declared here: the project's lib has no DOM, and its Node types (or Node) predate it.",
      ],
    );
    const withDom = scanJson(
      project({ 'tsconfig.json': tsconfig(['es2020', 'dom']), 'process.d.ts': processTypes, 'panel.ts': worker }),
    ).report;
    assert.deepEqual(
      withDom.findings.map((f) => f.safety),
      ['safe'],
    );
  });

  it('reports a file that breaks the analysis and goes on with the others', () => {
    const nested = Array.from({ length: 50_000 }, () => "'a'").join(' + ');
    const dir = project({
      'deep.ts': LEAKY_CLASS.replace('  }\n', `    const text = ${nested};\n  }\n`),
      'panel.ts': LEAKY_CLASS,
    });
    const { code, report } = scanJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(report.errors, [
      { file: 'deep.ts', message: 'could not be analysed: Maximum call stack size exceeded' },
    ]);
    assert.deepEqual(
      report.findings.map((f) => f.file),
      ['panel.ts'],
    );
  });

  it(
    'reads thousands of files with few file descriptors',
    { skip: process.platform === 'win32' && 'no ulimit' },
    () => {
      const dir = project(
        Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`f${i}.ts`, `export const n${i} = ${i};\n`])),
      );
      const run = spawnSync(
        'bash',
        ['-c', 'ulimit -n 256 && exec "$0" "$1" scan --format json', process.execPath, BIN],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.deepEqual(JSON.parse(run.stdout), { version: 1, findings: [], errors: [] });
      assert.equal(run.status, 0);
    },
  );

  it("reads a TypeScript project's JavaScript sources without allowJs, but not a .js built beside its .ts", () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, outDir: 'out' }, include: ['src'] }),
      'src/widget.js': LEAKY_CLASS.replace('private onResize', 'onResize'),
      'src/panel.ts': LEAKY_CLASS,
      'src/panel.js': LEAKY_CLASS.replace('private onResize', 'onResize'),
      'out/widget.js': LEAKY_CLASS.replace('private onResize', 'onResize'),
    });
    const { report } = scanJson(dir);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.findings.map((f) => f.file),
      ['src/panel.ts', 'src/widget.js'],
    );
  });

  it('reads a JavaScript file named on the command line even when the tsconfig has no allowJs', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
      'widget.js': LEAKY_CLASS.replace('private onResize', 'onResize'),
    });
    const { code, report } = scanJson(dir, 'widget.js');
    assert.equal(code, 1);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.findings.map((f) => `${f.file} ${f.rule}`),
      ['widget.js lingering-listener'],
    );
  });

  it('says so when the tsconfig extends a config that is not installed, and goes on', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ extends: '@company/tsconfig', include: ['src'] }),
      'src/a.ts': LEAKY_CLASS,
    });
    const { report } = scanJson(dir);
    assert.deepEqual(report.errors, [
      {
        file: 'tsconfig.json',
        message:
          "tsconfig extends a config that is not here (File '@company/tsconfig' not found.): its own settings apply, those from that base are missing",
      },
    ]);
    assert.deepEqual(
      report.findings.map((f) => f.file),
      ['src/a.ts'],
    );
  });

  it("finds a listener on Node's process without @types/node", () => {
    const source =
      "export class Worker {\n  jobs = 0;\n\n  start() {\n    process.on('SIGINT', () => {\n      this.jobs++;\n    });\n  }\n\n  destroy() {\n    this.jobs = 0;\n  }\n}\n";
    const { report } = scanJson(project({ 'worker.ts': source }));
    assert.deepEqual(
      report.findings.map((f) => `${f.line}:${f.column} ${f.rule} ${f.safety}`),
      ['5:5 lingering-listener safe'],
    );
  });

  it("takes the types of the tsconfig's own declaration files, which it never scans", () => {
    const emitterTypes =
      "declare module 'bus' {\n  export const bus: { on(type: string, fn: () => void): void; off(type: string, fn: () => void): void };\n}\n";
    const source =
      "import { bus } from 'bus';\n\nexport class Feed {\n  count = 0;\n\n  constructor() {\n    bus.on('tick', this.tick);\n  }\n\n  tick = () => this.count++;\n\n  dispose() {}\n}\n";
    const tsconfig = JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['src', 'types'] });
    const { report } = scanJson(
      project({ 'tsconfig.json': tsconfig, 'types/bus.d.ts': emitterTypes, 'src/feed.ts': source }),
    );
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.findings.map((f) => `${f.file}:${f.line} ${f.safety}`),
      ['src/feed.ts:7 safe'],
      'bus is an emitter by its declared type',
    );
  });

  it('restricts the run with --rule', () => {
    const dir = demoCopy();
    const { report } = scanJson(dir, '--rule', 'unremovable-listener');
    assert.deepEqual(
      report.findings.map((f) => f.rule),
      ['unremovable-listener'],
    );
  });

  it('writes nothing', () => {
    const dir = demoCopy();
    const before = snapshot(dir);
    unleak(['scan'], dir);
    unleak(['scan', '--format', 'json'], dir);
    assert.deepEqual(snapshot(dir), before);
  });

  it('runs the opt-in listener-pair-to-signal rule only when --rule names it', () => {
    const removedInDispose = LEAKY_CLASS.replace(
      "console.log('disposed');",
      "window.removeEventListener('resize', this.onResize);",
    );
    const dir = project({ 'panel.ts': removedInDispose });
    assert.deepEqual(scanJson(dir).report.findings, []);
    const { report } = scanJson(dir, '--rule', 'listener-pair-to-signal');
    assert.deepEqual(
      report.findings.map((f) => `${f.line}:${f.column} ${f.rule} ${f.safety}`),
      ['3:5 listener-pair-to-signal review'],
    );
  });

  it('never reads the tsconfig of a folder .gitignore ignores, even a broken one: exit 0 on a clean project', () => {
    const dir = project({
      '.gitignore': 'vendor/\n',
      'vendor/lib/tsconfig.json': '{ "include": ["src"',
      'vendor/lib/src/index.ts': LEAKY_CLASS,
      'src/clean.ts': 'export const n = 1;\n',
    });
    assert.deepEqual(scanJson(dir), { code: 0, report: { version: 1, findings: [], errors: [] } });
  });
});

describe('unleak fix', () => {
  it("keeps to the print width of the project's formatter, writing the options one property a line", () => {
    const panel = [
      'export class ScrollProgressIndicator {',
      '  private progress = 0;',
      '',
      '  connect(): void {',
      "    window.addEventListener('scroll', this.onScrollPosition, { passive: true });",
      '  }',
      '',
      '  private onScrollPosition = (): void => {',
      '    this.progress = window.scrollY;',
      '  };',
      '',
      '  dispose(): void {',
      '    this.progress = 0;',
      '  }',
      '}',
      '',
    ].join('\n');
    const narrow = project({ '.prettierrc': '{ "printWidth": 80 }', 'src/panel.ts': panel });
    unleak(['fix', '--yes'], narrow);
    assert.match(
      readFileSync(path.join(narrow, 'src/panel.ts'), 'utf8'),
      /\('scroll', this\.onScrollPosition, \{\n {6}passive: true,\n {6}signal: this\.abortController\.signal,\n {4}\}\);\n/,
    );
    const wide = project({ 'src/panel.ts': panel });
    unleak(['fix', '--yes'], wide);
    assert.match(
      readFileSync(path.join(wide, 'src/panel.ts'), 'utf8'),
      /\('scroll', this\.onScrollPosition, \{ passive: true, signal: this\.abortController\.signal \}\);/,
    );
  });

  it('withdraws a fix that adds a type error, naming it, applies the others, and --no-verify does not check', () => {
    const files = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, lib: ['ES2022', 'DOM'] }, include: ['src'] }),
      'src/bus.ts': [
        '/** A bus of the project, whose options know nothing of signals. */',
        'export class Bus {',
        '  addEventListener(type: string, handler: () => void, options?: { once?: boolean }): void {}',
        '  removeEventListener(type: string, handler: () => void): void {}',
        '}',
        '',
        'export const bus = new Bus();',
        '',
      ].join('\n'),
      'src/panel.ts': [
        "import { bus } from './bus';",
        '',
        'export class Panel {',
        '  private readonly onChange = (): void => this.render();',
        '',
        '  constructor() {',
        "    bus.addEventListener('save', this.onChange, {});",
        "    window.addEventListener('resize', this.onChange);",
        '  }',
        '',
        '  render(): void {}',
        '',
        '  dispose(): void {}',
        '}',
        '',
      ].join('\n'),
    };
    const verified = project(files);
    const run = unleak(['fix', '--yes'], verified);
    assert.equal(run.code, 1, 'a leak is left');
    assert.match(
      run.stderr,
      /^ {2}src\/panel\.ts:7:5 {2}lingering-listener {2}withdrawn: it adds a type error: TS2353 Object literal may only specify known properties, and 'signal' does not exist in type '\{ once\?: boolean \| undefined; \}'\. \(at src\/panel\.ts:\d+:\d+ after the fix\)$/m,
    );
    const panel = readFileSync(path.join(verified, 'src/panel.ts'), 'utf8');
    assert.match(
      panel,
      /window\.addEventListener\('resize', this\.onChange, \{ signal: this\.abortController\.signal \}\)/,
    );
    assert.match(panel, /bus\.addEventListener\('save', this\.onChange, \{\}\)/);

    const unverified = project(files);
    assert.equal(unleak(['fix', '--yes', '--no-verify'], unverified).code, 0);
    assert.match(
      readFileSync(path.join(unverified, 'src/panel.ts'), 'utf8'),
      /bus\.addEventListener\('save', this\.onChange, \{ signal/,
    );
  });

  it('fixes every finding a pass defers, though its message changed, and the counts add up', () => {
    // Two back-pointers of one class: their edits overlap, so the second waits for a pass in which its
    // message no longer says the file gains the WeakRef lib reference (the first fix added it, as
    // --lib-reference allows under an ES2020 target).
    const dir = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2020', lib: ['ES2020'], allowJs: true } }),
      'src/board.js': [
        '/** @type {Set<Card>} */',
        'export const cards = new Set();',
        '',
        'export class Board {',
        '  constructor() {',
        '    this.cards = [];',
        '  }',
        '  add() {',
        '    const card = new Card(this, this);',
        '    this.cards.push(card);',
        '    cards.add(card);',
        '  }',
        '  dispose() {',
        '    this.cards = [];',
        '  }',
        '}',
        '',
        'export class Card {',
        '  constructor(board, owner) {',
        '    this.board = board;',
        '    this.owner = owner;',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const dryRun = unleak(['fix', '--dry-run', '--yes', '--unsafe', '--lib-reference'], dir);
    assert.match(dryRun.stderr, /2 of 2 findings fixed\.\n$/);
    const fixed = unleak(['fix', '--yes', '--unsafe', '--lib-reference'], dir);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal(unleak(['scan', '--include-risks'], dir).code, 0, 'a rescan finds nothing');
  });

  it('--dry-run writes nothing and prints a diff that git apply turns into exactly what --yes writes', () => {
    const dryRunDir = demoCopy();
    const before = snapshot(dryRunDir);
    const dryRun = unleak(['fix', '--dry-run'], dryRunDir);
    assert.equal(dryRun.code, 1, 'a report-only finding is left');
    assert.deepEqual(snapshot(dryRunDir), before);
    assert.match(dryRun.stdout, /^diff --git a\/src\/components\/cart-badge\.ts b\/src\/components\/cart-badge\.ts$/m);
    assert.match(dryRun.stderr, /^unleak: 6 files would change, 7 of 9 findings fixed\.$/m);
    assert.match(
      dryRun.stderr,
      /^ {2}src\/outline\/outline\.ts:26:5 {2}back-pointer {2}needs review: run with --unsafe/m,
    );
    assert.match(
      dryRun.stderr,
      /^ {2}src\/services\/analytics\.ts:5:5 {2}lingering-listener {2}report-only: Analytics has no teardown method/m,
    );

    const patch = path.join(tempDir(), 'fix.patch');
    writeFileSync(patch, dryRun.stdout);
    execFileSync('git', ['apply', patch], { cwd: dryRunDir });

    const yesDir = demoCopy();
    const yes = unleak(['fix', '--yes'], yesDir);
    assert.equal(yes.code, 1);
    assert.match(yes.stderr, /^unleak: 6 files changed, 7 of 9 findings fixed\.$/m);
    assert.deepEqual(snapshot(dryRunDir), snapshot(yesDir));
  });

  it('--yes, then --unsafe: code that type-checks, untouched files byte-identical, then nothing left to fix', () => {
    const dir = demoCopy();
    const before = snapshot(dir);
    unleak(['fix', '--yes'], dir);
    const after = snapshot(dir);
    const changed = [...after.keys()].filter((file) => after.get(file) !== before.get(file)).sort();
    assert.deepEqual(changed, [
      'src/components/cart-badge.ts',
      'src/components/online-status.tsx',
      'src/components/resize-panel.ts',
      'src/components/search-box.ts',
      'src/components/theme-toggle.ts',
      'src/server/live-orders.ts',
    ]);

    const typeCheck = () =>
      spawnSync(process.execPath, [TSC, '--noEmit', '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(typeCheck().status, 0, typeCheck().stdout);
    assert.deepEqual(
      scanJson(dir).report.findings.map((f) => f.safety),
      ['review', 'report-only'],
      'no safe finding left',
    );

    const unsafe = unleak(['fix', '--yes', '--unsafe'], dir);
    assert.match(unsafe.stderr, /^unleak: 1 file changed, 1 of 2 findings fixed\.$/m);
    assert.equal(typeCheck().status, 0, typeCheck().stdout);
    assert.deepEqual(
      scanJson(dir).report.findings.map((f) => f.fixable),
      [false],
      'nothing fixable left',
    );
    const fixed = snapshot(dir);
    assert.match(
      unleak(['fix', '--yes', '--unsafe'], dir).stderr,
      /^unleak: 0 files changed, 0 of 1 finding fixed\.$/m,
    );
    assert.deepEqual(snapshot(dir), fixed);
  });

  it('keeps file mode, BOM and CRLF line endings', () => {
    const crlf = `\uFEFF${LEAKY_CLASS.replaceAll('\n', '\r\n')}`;
    const dir = project({ 'panel.ts': crlf });
    const file = path.join(dir, 'panel.ts');
    chmodSync(file, 0o755);
    const run = unleak(['fix', '--yes'], dir);
    assert.equal(run.code, 0, run.stderr);
    const written = readFileSync(file, 'utf8');
    assert.ok(written.startsWith('\uFEFF'), 'BOM kept');
    assert.ok(written.includes('abortController.abort();\r\n'), 'fix written');
    assert.doesNotMatch(written, /[^\r]\n/, 'every line ends in CRLF');
    assert.equal(statSync(file).mode & 0o777, 0o755);
  });

  it('applies only safe fixes with --yes; report-only findings are listed with their reason', () => {
    const dir = project({ 'a.ts': LEAKY_CLASS, 'b.ts': LEAKY_CLASS.replace('dispose()', 'refresh()') });
    const run = unleak(['fix', '--yes'], dir);
    assert.equal(run.code, 1);
    assert.notEqual(readFileSync(path.join(dir, 'a.ts'), 'utf8'), LEAKY_CLASS);
    assert.equal(readFileSync(path.join(dir, 'b.ts'), 'utf8'), LEAKY_CLASS.replace('dispose()', 'refresh()'));
    assert.match(run.stderr, /^ {2}b\.ts:3:5 {2}lingering-listener {2}report-only: Panel has no teardown method/m);
  });

  it(
    'reads and writes a file and a symlink to it once',
    { skip: process.platform === 'win32' && 'symlinks need privileges' },
    () => {
      const dir = project({ 'sub/panel.ts': LEAKY_CLASS });
      const link = path.join(dir, 'link.ts');
      symlinkSync(path.join('sub', 'panel.ts'), link);
      assert.deepEqual(
        scanJson(dir, 'link.ts', 'sub').report.findings.map((f) => f.file),
        ['link.ts'],
      );

      const run = unleak(['fix', '--yes', 'link.ts', 'sub'], dir);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, 'unleak: 1 file changed, 1 of 1 finding fixed.\n');
      assert.ok(lstatSync(link).isSymbolicLink(), 'still a symlink');
      assert.match(readFileSync(path.join(dir, 'sub/panel.ts'), 'utf8'), /abortController\.abort\(\);/);
    },
  );

  it(
    '--yes counts the files it wrote, not one that changed on disk meanwhile',
    { skip: process.platform === 'win32' && 'no FIFOs' },
    async () => {
      // late/ is a second group, loaded after a.ts: unleak waits on the FIFO late/z.ts while a.ts is edited.
      const dir = project({ 'a.ts': LEAKY_CLASS, 'late/tsconfig.json': JSON.stringify({ files: ['z.ts'] }) });
      execFileSync('mkfifo', [path.join(dir, 'late/z.ts')]);
      const child = spawn(process.execPath, [BIN, 'fix', '--yes', 'a.ts', 'late'], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });

      const fifo = await openWhenRead(path.join(dir, 'late/z.ts'), child);
      const edited = `// edited meanwhile\n${LEAKY_CLASS}`;
      writeFileSync(path.join(dir, 'a.ts'), edited);
      writeSync(fifo, Buffer.from([0xff])); // not UTF-8, so unleak never parses z.ts, which would read the FIFO again
      closeSync(fifo);
      const [code] = await once(child, 'close');

      assert.equal(code, 1);
      assert.match(stderr, /^unleak: a\.ts: changed on disk since it was read; not written$/m);
      assert.match(stderr, /^unleak: 0 files changed, /m);
      assert.equal(readFileSync(path.join(dir, 'a.ts'), 'utf8'), edited);
    },
  );
});

/** A panel listening on what its callers pass: decided by the call in main.ts, or a risk without one. */
const PANEL_ON_TARGET = `export class Panel {
  constructor(private readonly target: EventTarget) {
    target.addEventListener('resize', this.layout);
  }

  layout = () => {};

  dispose() {}
}
`;

describe('retention: no root, no finding', () => {
  it('names the call that passes a root, root first', () => {
    const dir = project({
      'panel.ts': PANEL_ON_TARGET,
      'main.ts': "import { Panel } from './panel';\n\nnew Panel(window).dispose();\n",
    });
    const { code, report } = scanJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(
      report.findings.map((finding) =>
        finding.retention.map((step) => `${step.kind} ${step.text} ${step.file}:${step.line}`),
      ),
      [
        [
          'root window (global) main.ts:3',
          'edge new Panel(window) main.ts:3',
          "edge 'resize' listener panel.ts:3",
          'owner Panel (and everything it holds) panel.ts:1',
        ],
      ],
    );
  });

  it('reports nothing when every caller passes something of its own', () => {
    const main =
      "import { Panel } from './panel';\n\nexport class Page {\n  private readonly el = document.createElement('div');\n  readonly panel = new Panel(this.el);\n}\n";
    const dir = project({ 'panel.ts': PANEL_ON_TARGET, 'main.ts': main });
    assert.deepEqual(scanJson(dir).report.findings, []);
    assert.deepEqual(scanJson(dir, '--include-risks').report.findings, []);
  });

  it('hides a risk unless asked; asked, it is shown as a risk, never applied by --yes and never counted in the exit code', () => {
    const dir = project({ 'panel.ts': PANEL_ON_TARGET });
    assert.deepEqual(scanJson(dir), { code: 0, report: { version: 1, findings: [], errors: [] } });

    const asked = scanJson(dir, '--include-risks');
    assert.equal(asked.code, 0);
    assert.deepEqual(
      asked.report.findings.map((finding) => [finding.severity, finding.retention[0]?.text]),
      [['risk', 'target (passed in; its callers decide how long it lives)']],
    );
    const text = unleak(['scan', '--include-risks'], dir);
    assert.match(text.stdout, /\(risk, fixable\)$/m);
    assert.match(text.stdout, /^No leaks found; 1 risk, not counted\.$/m);

    const fix = unleak(['fix', '--yes', '--unsafe', '--include-risks'], dir);
    assert.equal(fix.code, 0);
    assert.equal(readFileSync(path.join(dir, 'panel.ts'), 'utf8'), PANEL_ON_TARGET);
    assert.match(
      fix.stderr,
      /^ {2}panel\.ts:3:5 {2}lingering-listener {2}risk: its root is not known to outlive the owner/m,
    );
  });

  it('reads includeRisks from unleak.config.json', () => {
    const dir = project({ 'panel.ts': PANEL_ON_TARGET, 'unleak.config.json': '{"includeRisks": true}' });
    assert.deepEqual(
      scanJson(dir).report.findings.map((finding) => finding.severity),
      ['risk'],
    );
  });
});

describe('settings: --realm and unleak.config.json', () => {
  const fixedText = (dir: string, ...args: string[]) => {
    const run = unleak(['fix', '--yes', ...args], dir);
    assert.equal(run.code, 0, run.stderr);
    return readFileSync(path.join(dir, 'panel.ts'), 'utf8');
  };

  it("--realm target makes the controller from the targets' window; the default is the global one", () => {
    assert.match(
      fixedText(project({ 'panel.ts': LEAKY_CLASS })),
      /private readonly abortController = new AbortController\(\);/,
    );
    assert.match(
      fixedText(project({ 'panel.ts': LEAKY_CLASS }), '--realm', 'target'),
      /private readonly abortController = new window\.AbortController\(\);/,
    );
  });

  it('reads the nearest unleak.config.json above the current folder; a flag overrides it', () => {
    const config = JSON.stringify({ realm: 'target' });
    const dir = project({ 'unleak.config.json': config, 'src/panel.ts': LEAKY_CLASS });
    const fromConfig = unleak(['fix', '--dry-run'], path.join(dir, 'src'));
    assert.match(fromConfig.stdout, /^\+ {2}private readonly abortController = new window\.AbortController\(\);$/m);
    const overridden = unleak(['fix', '--dry-run', '--realm', 'global'], path.join(dir, 'src'));
    assert.match(overridden.stdout, /^\+ {2}private readonly abortController = new AbortController\(\);$/m);
  });

  it('--config names the file to read instead', () => {
    const dir = project({ 'settings/unleak.json': JSON.stringify({ realm: 'target' }), 'panel.ts': LEAKY_CLASS });
    assert.match(fixedText(dir, '--config', 'settings/unleak.json'), /new window\.AbortController\(\)/);
  });

  it('a config it cannot use is a usage error: exit 2, one line naming the file and the reason, nothing written', () => {
    const cases: [Record<string, string>, string[], RegExp][] = [
      [
        { 'unleak.config.json': '{"realm": "frame"}' },
        [],
        /^unleak: unleak\.config\.json: 'realm' must be "global" or "target", not "frame"\n$/,
      ],
      [
        { 'unleak.config.json': '{"realms": "target"}' },
        [],
        /^unleak: unleak\.config\.json: unknown setting 'realms'; known settings: realm, libReference, includeRisks, testCommand\n$/,
      ],
      [{ 'unleak.config.json': '{"realm": ' }, [], /^unleak: unleak\.config\.json: not valid JSON \(.+\)\n$/],
      [{}, ['--config', 'missing.json'], /^unleak: no such config file: missing\.json\n$/],
      [
        { 'unleak.config.json': '{"toString": 1}' },
        [],
        /^unleak: unleak\.config\.json: unknown setting 'toString'; known settings: realm, libReference, includeRisks, testCommand\n$/,
      ],
      [
        { 'unleak.config.json': '{"__proto__": {}}' },
        [],
        /^unleak: unleak\.config\.json: unknown setting '__proto__'; known settings: realm, libReference, includeRisks, testCommand\n$/,
      ],
      [
        { 'unleak.config.json': '{"constructor": 1}' },
        [],
        /^unleak: unleak\.config\.json: unknown setting 'constructor'; known settings: realm, libReference, includeRisks, testCommand\n$/,
      ],
      [{ 'settings/readme.txt': '' }, ['--config', 'settings'], /^unleak: settings: cannot be read \(EISDIR\)\n$/],
      [{ 'unleak.config.json/readme.txt': '' }, [], /^unleak: unleak\.config\.json: cannot be read \(EISDIR\)\n$/],
    ];
    for (const [files, args, stderr] of cases) {
      const dir = project({ ...files, 'panel.ts': LEAKY_CLASS });
      const run = unleak(['fix', '--yes', ...args], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, stderr);
      assert.equal(readFileSync(path.join(dir, 'panel.ts'), 'utf8'), LEAKY_CLASS);
    }
  });

  it('--realm accepts global or target only', () => {
    const run = unleak(['scan', '--realm', 'frame'], tempDir());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /argument 'frame' is invalid\. Allowed choices are global, target\./);
  });

  it(
    'a config file without read permission is a usage error too',
    { skip: process.getuid?.() === 0 && 'root reads any file' },
    () => {
      const dir = project({ 'unleak.config.json': '{"realm": "target"}', 'panel.ts': LEAKY_CLASS });
      chmodSync(path.join(dir, 'unleak.config.json'), 0o000);
      const run = unleak(['fix', '--yes'], dir);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'unleak: unleak.config.json: cannot be read (EACCES)\n');
      assert.equal(readFileSync(path.join(dir, 'panel.ts'), 'utf8'), LEAKY_CLASS);
    },
  );
});

describe('unleak scan --jobs and --shard', () => {
  it('gives the same output, byte for byte, in one thread and in three', () => {
    const dir = demoCopy();
    const one = unleak(['scan', '--format', 'json'], dir);
    const three = unleak(['scan', '--format', 'json', '--jobs', '3'], dir);
    assert.equal(one.code, 1);
    assert.ok((JSON.parse(one.stdout) as JsonReport).findings.length > 1);
    assert.deepEqual(three, one);
    assert.deepEqual(unleak(['scan', '--jobs', '2'], dir), unleak(['scan'], dir));
  });

  it('splits the files into shards that together find what one run finds, each finding once', () => {
    const dir = demoCopy();
    const whole = (JSON.parse(unleak(['scan', '--format', 'json'], dir).stdout) as JsonReport).findings;
    const shards = ['1/3', '2/3', '3/3'].map(
      (shard) =>
        (JSON.parse(unleak(['scan', '--format', 'json', '--shard', shard], dir).stdout) as JsonReport).findings,
    );
    const byPlace = (a: JsonFinding, b: JsonFinding) => `${a.file}:${a.line}`.localeCompare(`${b.file}:${b.line}`);
    assert.deepEqual(shards.flat().sort(byPlace), [...whole].sort(byPlace));
    assert.ok(shards.filter((findings) => findings.length > 0).length > 1, 'the demo should spread over shards');
  });

  it('refuses a shard or a job count it cannot use, with exit code 2', () => {
    const dir = demoCopy();
    for (const args of [
      ['--shard', '0/2'],
      ['--shard', '3/2'],
      ['--shard', 'half'],
      ['--jobs', '0'],
      ['--jobs', '2', '--shard', '1/2'],
    ]) {
      const run = unleak(['scan', ...args], dir);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^unleak: .*(--shard|--jobs)/, args.join(' '));
    }
  });
});
