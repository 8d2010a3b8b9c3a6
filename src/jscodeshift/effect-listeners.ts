/**
 * The effect-listeners transform for the jscodeshift runner, with the same detection and fixes as
 * `unleak fix --yes`, one file at a time:
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/effect-listeners.js src/
 */
import { transformInThread, type JscodeshiftFile } from './engine-thread.js';

export default function transformer(
  file: JscodeshiftFile,
  _api: unknown,
  options: Record<string, unknown>,
): Promise<string> {
  return transformInThread('effect-listeners', file, options);
}
