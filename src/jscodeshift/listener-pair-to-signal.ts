/**
 * unleak's listener-pair-to-signal rule for the jscodeshift runner, with the same detection and fixes as
 * `unleak fix --yes --rule listener-pair-to-signal`, one file at a time (see docs/rules/listener-pair-to-signal.md):
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/listener-pair-to-signal.js src/
 */
import { jscodeshiftTransform } from './engine-thread.js';

export default jscodeshiftTransform('listener-pair-to-signal');
