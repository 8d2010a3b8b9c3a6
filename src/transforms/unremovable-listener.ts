import { LISTENER_DRIVERS } from '../drivers/listeners.js';
import type { Rule, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'unremovable-listener',
  description: 'A removal exists, but can never match the registered listener.',
  docs: 'docs/rules/unremovable-listener.md',
  messages: {
    removalCannotMatch:
      '{{event}} listener on {{target}} can never be removed: {{why}}; {{target}} {{lifetime}}, and it keeps each {{owner}} alive',
    inlineHandlerInCleanup:
      '{{event}} listener on {{target}} can never be removed: the handler is an inline function, so removeEventListener ' +
      "in the {{hook}} cleanup gets another function and removes nothing; {{target}} {{lifetime}}, and it keeps the component's state alive after unmount{{note}}",
  },
  fix: 'safe',
  defaultOn: true,
  settings: ['realm', 'includeRisks'],
};

/** The registration gets the signal its owner's teardown aborts, and the removal that never matched goes. */
export const rule: Rule = { meta, drivers: LISTENER_DRIVERS };
