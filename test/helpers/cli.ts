import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const BIN = path.join(ROOT, 'bin', 'unleak.js');
export const DEMO_APP = path.join(ROOT, 'examples', 'leaky-app');

/** `unleak scan --format json`, as README's JSON contract describes it. */
export interface JsonReport {
  version: number;
  findings: JsonFinding[];
  errors: { file: string; message: string }[];
}

export interface JsonFinding {
  rule: string;
  messageId: string;
  data: Record<string, string>;
  file: string;
  line: number;
  column: number;
  message: string;
  safety: string;
  fixable: boolean;
  fix?: string;
  reviewBecause?: string;
  unfixableBecause?: string;
  severity: 'leak' | 'risk';
  retention: { kind: 'root' | 'edge' | 'owner'; text: string; file: string; line: number }[];
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process, without a terminal and without colours. */
export function unleak(args: readonly string[], cwd: string): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    // NODE_TEST_CONTEXT would make a test command's own `node --test` report to this runner instead of failing.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NODE_TEST_CONTEXT: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function tempDir(prefix = 'unleak-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A fresh copy of the demo app, safe to modify. */
export function demoCopy(): string {
  const dir = path.join(tempDir(), 'leaky-app');
  cpSync(DEMO_APP, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with its bytes and mode, to prove a command wrote nothing. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), `${statSync(file).mode}:${readFileSync(file, 'base64')}`);
  }
  return files;
}
