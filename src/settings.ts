/**
 * Where a listener fix takes its AbortController from: the global constructor, or the window its
 * targets belong to (`el.ownerDocument.defaultView`), for DOMs in frames or built by jsdom under Node.
 */
export const REALMS = ['global', 'target'] as const;
export type Realm = (typeof REALMS)[number];

/** Choices a user makes for a whole run, by flag or in unleak.config.json. */
export interface Settings {
  /**
   * May a fix add `/// <reference lib="es2021.weakref" />` where the project's lib lacks WeakRef? `auto`: only
   * where the project's target is ES2021 or later, so that the runtimes it targets have WeakRef.
   */
  libReference: boolean | 'auto';
  realm: Realm;
  /** Report risks too: findings whose root is not known to outlive the owner. */
  includeRisks: boolean;
  /** The project's own test command, which `fix` runs before and after writing, withdrawing fixes that fail it. */
  testCommand: string | undefined;
}

export const DEFAULT_SETTINGS: Settings = {
  libReference: 'auto',
  realm: 'global',
  includeRisks: false,
  testCommand: undefined,
};
