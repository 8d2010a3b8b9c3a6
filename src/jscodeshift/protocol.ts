import type { Realm } from '../transform.js';

/** Messages between a jscodeshift transform module and the engine thread. */
export interface Request {
  id: number;
  transform: string;
  path: string;
  source: string;
  /** jscodeshift's `--rule=<id>`, once or repeated. */
  rule: unknown;
  unsafe: boolean;
  /** jscodeshift's `--realm=<realm>`, which wins over unleak.config.json; absent when not given. */
  realm: Realm | undefined;
}

export type Reply = { id: number; output: string } | { id: number; error: string };
