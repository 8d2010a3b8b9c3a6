import type { RuleMeta, Transform } from '../transform.js';
import { transform as backPointerWeakref } from './back-pointer-weakref.js';
import { transform as effectListeners } from './effect-listeners.js';
import { transform as emitterListeners } from './emitter-listeners.js';
import { transform as listenerAbortSignal } from './listener-abort-signal.js';
import { transform as listenerPairToSignal } from './listener-pair-to-signal.js';
import { transform as vueOptionsListeners } from './vue-options-listeners.js';

/** Every transform unleak runs. Adding one means adding its file and one line here. */
export const TRANSFORMS: readonly Transform[] = [
  listenerAbortSignal,
  effectListeners,
  vueOptionsListeners,
  backPointerWeakref,
  emitterListeners,
  listenerPairToSignal,
];

const ruleIds = (rules: readonly RuleMeta[]): string[] => [...new Set(rules.map((rule) => rule.id))];

/** Every rule `--rule` accepts. Several transforms may report one rule (a lingering listener, whatever registers it). */
export const ALL_RULE_IDS: readonly string[] = ruleIds(TRANSFORMS.flatMap((transform) => transform.meta.rules));

/** The rules a run without `--rule` runs: all but the opt-in ones. */
const DEFAULT_RULE_IDS: readonly string[] = ruleIds(
  TRANSFORMS.flatMap((transform) => transform.meta.rules.filter((rule) => !rule.defaultOff)),
);

export class UnknownRuleError extends Error {}

/** The rules a run asked for (the default ones when none), refusing names no transform has. */
export function selectRules(requested: readonly string[]): string[] {
  const unknown = requested.filter((rule) => !ALL_RULE_IDS.includes(rule));
  if (unknown.length > 0) {
    throw new UnknownRuleError(
      `unknown rule ${unknown.map((rule) => `'${rule}'`).join(', ')}; known rules: ${ALL_RULE_IDS.join(', ')}`,
    );
  }
  return requested.length > 0 ? [...requested] : [...DEFAULT_RULE_IDS];
}
