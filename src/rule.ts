import type { SourceFile } from 'ts-morph';
import type { Finding } from './finding.js';

export interface RuleMeta {
  id: string;
  description: string;
  /** An opt-in rule: a run includes it only when `--rule` names it, or through its own jscodeshift module. */
  defaultOff?: boolean;
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
  /** Whether a fix may edit this file: it is part of the run (not a library, not left out by the paths given). */
  isEditable(file: string): boolean;
  settings: Settings;
}

/**
 * Where a listener fix takes its AbortController from: the global constructor, or the window its
 * targets belong to (`el.ownerDocument.defaultView`), for DOMs in frames or built by jsdom under Node.
 */
export const REALMS = ['global', 'target'] as const;
export type Realm = (typeof REALMS)[number];

/** Choices a user makes for a whole run, by flag or in unleak.config.json. */
export interface Settings {
  /** May a fix add `/// <reference lib="es2021.weakref" />` where the project's lib lacks WeakRef? */
  libReference: boolean;
  realm: Realm;
  /** Report risks too: findings whose root is not known to outlive the owner. */
  includeRisks: boolean;
}

export const DEFAULT_SETTINGS: Settings = { libReference: true, realm: 'global', includeRisks: false };

/**
 * One transform, one file: metadata plus `detect`, which returns findings that carry their fix's edits.
 * `detect` must not modify the source file; edits are applied later, all at once.
 */
export interface Transform {
  meta: TransformMeta;
  detect(sourceFile: SourceFile, context: TransformContext): Finding[];
}
