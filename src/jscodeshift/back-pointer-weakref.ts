/**
 * The back-pointer-weakref transform for the jscodeshift runner. Its fixes are classed `review`, so
 * they apply only with `--unsafe=true`:
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/back-pointer-weakref.js --unsafe=true src/
 *
 * jscodeshift hands over one file at a time, so only cycles within that file are found, and uses of the
 * field in other files are not updated (nor is any other file ever edited): `unleak fix` sees the project.
 */
import { transformInThread, type JscodeshiftFile } from './engine-thread.js';

export default function transformer(
  file: JscodeshiftFile,
  _api: unknown,
  options: Record<string, unknown>,
): Promise<string> {
  return transformInThread('back-pointer-weakref', file, options);
}
