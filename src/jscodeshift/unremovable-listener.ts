/**
 * unleak's unremovable-listener rule for the jscodeshift runner, with the same detection and fixes as
 * `unleak fix --yes --rule unremovable-listener`, one file at a time (see docs/rules/unremovable-listener.md):
 *
 *   npx jscodeshift -t node_modules/unleak/dist/jscodeshift/unremovable-listener.js src/
 */
import { jscodeshiftTransform } from './engine-thread.js';

export default jscodeshiftTransform('unremovable-listener');
