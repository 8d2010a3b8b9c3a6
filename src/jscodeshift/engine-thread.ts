import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { REALMS, type Realm } from '../settings.js';
import type { Reply, Request } from './protocol.js';

export interface JscodeshiftFile {
  path: string;
  source: string;
}

let thread: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (output: string) => void; reject: (error: Error) => void }>();

/**
 * The engine runs in a worker thread: jscodeshift loads transforms through babel-register, whose hook
 * would recompile ts-morph (and fail on it) and cannot load ES modules. A worker thread has a module
 * system of its own, out of the hook's reach; it is loaded once per jscodeshift worker process.
 */
function engineThread(): Worker {
  if (!thread) {
    thread = new Worker(path.join(__dirname, 'worker.mjs'));
    thread.on('message', settle);
    thread.on('error', (error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      thread = undefined;
    });
  }
  return thread;
}

/**
 * The jscodeshift transform of one rule. Options: `--unsafe=true` and `--realm=<realm>`, as in the unleak
 * CLI (jscodeshift wants the `=`). Parsing is TypeScript's own, by file extension, so `--parser` does not matter.
 */
export const jscodeshiftTransform =
  (rule: string) =>
  (file: JscodeshiftFile, _api: unknown, options: Record<string, unknown>): Promise<string> =>
    fixInThread(rule, file, options);

/**
 * Runs one unleak rule on one file, as `unleak fix --yes --rule <rule>` would in the current folder; resolves
 * to the new source. The engine thread reads the settings of the nearest unleak.config.json at or above
 * the current folder once, as the CLI does (a config it cannot use fails every file with its reason);
 * `--realm=` wins over it.
 */
function fixInThread(rule: string, file: JscodeshiftFile, options: Record<string, unknown>): Promise<string> {
  // jscodeshift passes unknown flags through as given: `--unsafe=true` arrives as the string 'true'.
  const unsafe = options.unsafe === true || options.unsafe === 'true';
  const realm = options.realm;
  if (realm !== undefined && !REALMS.includes(realm as Realm))
    return Promise.reject(new Error(`--realm must be ${REALMS.join(' or ')}, not ${String(realm)}`));
  const worker = engineThread();
  const request: Request = {
    id: nextId++,
    rule,
    path: file.path,
    source: file.source,
    unsafe,
    realm: realm as Realm | undefined,
  };
  worker.ref();
  return new Promise((resolve, reject) => {
    pending.set(request.id, { resolve, reject });
    worker.postMessage(request);
  });
}

function settle(reply: Reply): void {
  const waiter = pending.get(reply.id);
  pending.delete(reply.id);
  // An idle thread must not keep jscodeshift's process alive once its files are done.
  if (pending.size === 0) thread?.unref();
  if ('error' in reply) waiter?.reject(new Error(reply.error));
  else waiter?.resolve(reply.output);
}
