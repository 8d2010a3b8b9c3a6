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
