import type { SourceFile } from 'ts-morph';
import type { Finding } from './finding.js';

export interface RuleMeta {
  id: string;
  description: string;
}

export interface TransformMeta {
  /** Also the file name under src/transforms/. */
  id: string;
  description: string;
  /** Where the transform's behaviour is explained for users. */
  docs: string;
  /** The rule ids its findings carry; `--rule` selects among these. */
  rules: RuleMeta[];
}

export interface TransformContext {
  /** Rule ids the run asked for; a transform reports findings of these only. */
  enabledRules: ReadonlySet<string>;
}

/**
 * One transform, one file: metadata plus `detect`, which returns findings that carry their fix's edits.
 * `detect` must not modify the source file; edits are applied later, all at once.
 */
export interface Transform {
  meta: TransformMeta;
  detect(sourceFile: SourceFile, context: TransformContext): Finding[];
}
