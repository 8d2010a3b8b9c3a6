import type { Transform } from '../transform.js';
import { transform as listenerAbortSignal } from './listener-abort-signal.js';

/** Every transform unleak runs. Adding one means adding its file and one line here. */
export const TRANSFORMS: readonly Transform[] = [listenerAbortSignal];

export const ALL_RULE_IDS: readonly string[] = TRANSFORMS.flatMap((transform) => transform.meta.rules.map((rule) => rule.id));
