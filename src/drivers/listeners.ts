import type { Driver } from '../rule.js';
import { classListeners } from './class-listeners.js';
import { effectListeners } from './effect-listeners.js';
import { emitterListeners } from './emitter-listeners.js';
import { vueOptionsListeners } from './vue-options-listeners.js';

/** Every place a listener is registered that unleak reads: classes, effects, Vue components, emitters. */
export const LISTENER_DRIVERS: readonly Driver[] = [
  classListeners,
  effectListeners,
  vueOptionsListeners,
  emitterListeners,
];
