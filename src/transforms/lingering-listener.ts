import { LISTENER_DRIVERS } from '../drivers/listeners.js';
import type { Rule, RuleMeta } from '../rule.js';

const OUTLIVES_CLASS = '{{target}} {{lifetime}}, and it keeps each {{owner}} alive';
const OUTLIVES_COMPONENT = "{{target}} {{lifetime}}, and it keeps the component's state alive";

export const meta: RuleMeta = {
  id: 'lingering-listener',
  description: 'A listener on a target that outlives its owner is never removed when the owner is torn down.',
  docs: 'docs/rules/lingering-listener.md',
  messages: {
    neverRemoved: `{{event}} listener on {{target}} is never removed; ${OUTLIVES_CLASS}`,
    removedOnlyIn: `{{event}} listener on {{target}} is only removed in {{remover}}{{unreached}}; ${OUTLIVES_CLASS}`,
    stateScoped: `{{event}} listener on {{target}} {{scoped}}; ${OUTLIVES_CLASS}`,
    signalNeverAborted: `{{event}} listener on {{target}} passes {{signal}}, but no teardown calls {{controller}}.abort(); ${OUTLIVES_CLASS}`,
    notRemovedByCleanup: `{{event}} listener on {{target}} is never removed by a cleanup of its {{hook}}; ${OUTLIVES_COMPONENT} after unmount{{note}}`,
    notRemovedAtUnmount: `{{event}} listener on {{target}} is never removed when the component unmounts; ${OUTLIVES_COMPONENT}{{note}}`,
  },
  fix: 'safe',
  defaultOn: true,
  settings: ['realm', 'includeRisks'],
};

/** An AbortController per owner, `{ signal }` on each registration, `abort()` in the owner's teardown. */
export const rule: Rule = { meta, drivers: LISTENER_DRIVERS };
