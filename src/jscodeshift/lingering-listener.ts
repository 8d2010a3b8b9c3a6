/**
 * unleak's lingering-listener rule for the jscodeshift runner, with the same detection and fixes as
 * `unleak fix --yes --rule lingering-listener`, one file at a time (see docs/rules/lingering-listener.md):
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/lingering-listener.js src/
 */
import { jscodeshiftTransform } from './engine-thread.js';

export default jscodeshiftTransform('lingering-listener');
