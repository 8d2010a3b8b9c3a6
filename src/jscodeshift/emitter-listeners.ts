/**
 * The emitter-listeners transform for the jscodeshift runner, with the same detection and fixes as
 * `unleak fix --yes`, one file at a time:
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/emitter-listeners.js src/
 *
 * jscodeshift hands over one file at a time, without the project's tsconfig or @types/node: an emitter
 * whose type is unknown then counts as one only where the class also calls its off() or removeListener().
 */
import { transformInThread, type JscodeshiftFile } from './engine-thread.js';

export default function transformer(
  file: JscodeshiftFile,
  _api: unknown,
  options: Record<string, unknown>,
): Promise<string> {
  return transformInThread('emitter-listeners', file, options);
}
