import type { Transform } from '../transform.js';
import { transform as backPointerWeakref } from './back-pointer-weakref.js';
import { transform as effectListeners } from './effect-listeners.js';
import { transform as emitterListeners } from './emitter-listeners.js';
import { transform as listenerAbortSignal } from './listener-abort-signal.js';

/** Every transform unleak runs. Adding one means adding its file and one line here. */
export const TRANSFORMS: readonly Transform[] = [listenerAbortSignal, effectListeners, backPointerWeakref, emitterListeners];

/** Several transforms may report one rule (a lingering listener, whatever registers it). */
export const ALL_RULE_IDS: readonly string[] = [...new Set(TRANSFORMS.flatMap((transform) => transform.meta.rules.map((rule) => rule.id)))];

export class UnknownRuleError extends Error {}

/** The rules a run asked for (all when none), refusing names no transform has. */
export function selectRules(requested: readonly string[]): string[] {
  const unknown = requested.filter((rule) => !ALL_RULE_IDS.includes(rule));
  if (unknown.length > 0) {
    throw new UnknownRuleError(`unknown rule ${unknown.map((rule) => `'${rule}'`).join(', ')}; known rules: ${ALL_RULE_IDS.join(', ')}`);
  }
  return requested.length > 0 ? [...requested] : [...ALL_RULE_IDS];
}
