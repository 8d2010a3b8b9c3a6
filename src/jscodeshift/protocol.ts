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
  realm: Realm;
}

export type Reply = { id: number; output: string } | { id: number; error: string };
