import type { SourceFile } from 'ts-morph';
import type { Detection, Safety } from './finding.js';
import type { ProjectFacts } from './project-facts.js';
import type { Settings } from './settings.js';

/** What a user sees of a rule: in `unleak rules`, `--rule`, JSON, the jscodeshift module names and docs/rules/. */
export interface RuleMeta {
  /** Also the file name under src/transforms/ and docs/rules/. */
  id: string;
  description: string;
  /** Where the rule is explained, with its Invalid, Valid and Fix examples. */
  docs: string;
  /**
   * The problem sentences its findings say, by message id, with `{{name}}` placeholders filled from the
   * finding's `data`. The outcome ("Fix: …", "Not fixed: …") is added after it.
   */
  messages: Readonly<Record<string, string>>;
  /** The most a fix of this rule is trusted: `safe` ones apply without asking, `review` ones after consent. */
  fix: Exclude<Safety, 'report-only'>;
  /** Off-by-default rules run only when `--rule` names them, or through their own jscodeshift module. */
  defaultOn: boolean;
  /** The run settings that change what this rule reports or writes. */
  settings: readonly (keyof Settings)[];
}

export interface RuleContext {
  /** Rule ids the run asked for; a driver reports findings of these only. */
  enabledRules: ReadonlySet<string>;
  /** Whether a fix may edit this file: it is part of the run (not a library, not left out by the paths given). */
  isEditable(file: string): boolean;
  settings: Settings;
  /** What discovery knows of the project around a file; absent when one text is scanned without a disk. */
  facts: ProjectFacts | undefined;
}

/**
 * The analysis behind one or more rules. A family of rules (a listener never removed, a removal that
 * cannot match) shares a driver, which runs once per file whichever of them are enabled.
 * `detect` must not modify the source file; edits are applied later, all at once.
 */
export interface Driver {
  /** Also the name of its fixture folder under test/fixtures/. */
  id: string;
  /**
   * A test of a file's text that every file with a detection passes: a file that fails it for every
   * driver is never parsed. It must be exact, so it tests for what `detect` cannot do without.
   */
  mayDetect(text: string): boolean;
  /**
   * Set when its analysis asks the type checker and the project index about every file: a group with
   * a file it may detect in is then parsed whole before analysis, so that the group's type program is
   * built once rather than again each time a question parses another file.
   */
  projectWide?: boolean;
  detect(sourceFile: SourceFile, context: RuleContext): Detection[];
}

export interface Rule {
  meta: RuleMeta;
  drivers: readonly Driver[];
}
