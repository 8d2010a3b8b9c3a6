import type { Driver, Rule } from '../rule.js';
import { rule as backPointer } from './back-pointer.js';
import { rule as lingeringListener } from './lingering-listener.js';
import { rule as listenerPairToSignal } from './listener-pair-to-signal.js';
import { rule as unremovableListener } from './unremovable-listener.js';

/** Every rule unleak has. Adding one means adding its file, its docs page and one line here. */
export const RULES: readonly Rule[] = [lingeringListener, unremovableListener, backPointer, listenerPairToSignal];

export const ALL_RULE_IDS: readonly string[] = RULES.map((rule) => rule.meta.id);

export class UnknownRuleError extends Error {}

/** The rules a run asked for by id (the default ones when none), refusing ids no rule has. */
export function selectRules(requested: readonly string[]): Rule[] {
  const unknown = requested.filter((id) => !ALL_RULE_IDS.includes(id));
  if (unknown.length > 0) {
    throw new UnknownRuleError(
      `unknown rule ${unknown.map((id) => `'${id}'`).join(', ')}; known rules: ${ALL_RULE_IDS.join(', ')}`,
    );
  }
  return RULES.filter((rule) => (requested.length > 0 ? requested.includes(rule.meta.id) : rule.meta.defaultOn));
}

/** The drivers some rule of `rules` needs, each once: rules of one family share theirs. */
export const driversOf = (rules: readonly Rule[]): Driver[] => [...new Set(rules.flatMap((rule) => rule.drivers))];
