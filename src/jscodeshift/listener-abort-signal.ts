/**
 * The listener-abort-signal transform for the jscodeshift runner, with the same detection and fixes as
 * `unleak fix --yes`, one file at a time:
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/listener-abort-signal.js src/
 *
 * Options: `--rule=<id>` (repeatable) and `--unsafe=true`, as in the unleak CLI (jscodeshift wants the `=`). Parsing is TypeScript's own,
 * by file extension, so jscodeshift's `--parser` does not matter.
 */
import { transformInThread, type JscodeshiftFile } from './engine-thread.js';

export default function transformer(
  file: JscodeshiftFile,
  _api: unknown,
  options: Record<string, unknown>,
): Promise<string> {
  return transformInThread('listener-abort-signal', file, options);
}
