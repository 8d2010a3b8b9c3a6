import { parentPort } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { fix, scanText } from '../engine.js';
import { appliesWithoutAsking } from '../finding.js';
import { DEFAULT_SETTINGS, type Settings } from '../settings.js';
import { selectRules } from '../transforms/index.js';
import type { Reply, Request } from './protocol.js';

/**
 * The settings `unleak fix` would take in this process's folder: defaults, overridden by the nearest
 * unleak.config.json at or above it. Read once, here (the config reader is ES modules and ts-morph,
 * out of babel-register's reach); a config it cannot use is the one-line reason every file fails with.
 */
const project = projectSettings();

function projectSettings(): { settings: Settings } | { error: string } {
  try {
    return { settings: { ...DEFAULT_SETTINGS, ...loadConfig(process.cwd()).settings } };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort!.on('message', (request: Request) => {
  let reply: Reply;
  try {
    reply = { id: request.id, output: fixFile(request) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});

/**
 * What `unleak fix --yes --rule <rule> [--unsafe] [--realm …]` would write for this one file; the source itself
 * when nothing. Choosing a rule's module opts in to it, if it is off by default too.
 */
function fixFile({ rule, path, source, unsafe, realm }: Request): string {
  if ('error' in project) throw new Error(project.error);
  const scanned = scanText(path, source, selectRules([rule]), { ...project.settings, ...(realm ? { realm } : {}) });
  const result = fix(scanned.findings, (finding) => appliesWithoutAsking(finding, unsafe), scanned.files);
  const [error] = [...scanned.errors, ...result.errors];
  if (error) throw new Error(error.message);
  return result.changes[0]?.after ?? source;
}
