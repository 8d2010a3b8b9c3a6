import type { Realm } from '../settings.js';

/** Messages between a jscodeshift transform module and the engine thread. */
export interface Request {
  id: number;
  /** The rule the transform module stands for. */
  rule: string;
  path: string;
  source: string;
  unsafe: boolean;
  /** jscodeshift's `--realm=<realm>`, which wins over unleak.config.json; absent when not given. */
  realm: Realm | undefined;
}

export type Reply = { id: number; output: string } | { id: number; error: string };
