/**
 * unleak's back-pointer rule for the jscodeshift runner, with the same detection and fixes as
 * `unleak fix --yes --rule back-pointer`, one file at a time (see docs/rules/back-pointer.md):
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/back-pointer.js src/
 */
import { jscodeshiftTransform } from './engine-thread.js';

export default jscodeshiftTransform('back-pointer');
