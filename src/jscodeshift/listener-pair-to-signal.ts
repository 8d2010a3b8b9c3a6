/**
 * The listener-pair-to-signal transform for the jscodeshift runner, with the same detection and fixes as
 * `unleak fix --yes --unsafe --rule listener-pair-to-signal` (its fixes are review-class), one file at a time:
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/listener-pair-to-signal.js --unsafe=true src/
 */
import { transformInThread, type JscodeshiftFile } from './engine-thread.js';

export default function transformer(
  file: JscodeshiftFile,
  _api: unknown,
  options: Record<string, unknown>,
): Promise<string> {
  return transformInThread('listener-pair-to-signal', file, options);
}
