import { scan } from '../../src/engine.js';
import type { Finding } from '../../src/finding.js';
import type { Driver, Rule } from '../../src/rule.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';

/** The rules with every driver asked of every file: what a scan without the prefilter finds. */
export function withoutPrefilter(rules: readonly Rule[]): Rule[] {
  const unfiltered = new Map<Driver, Driver>();
  const every = (driver: Driver) => {
    if (!unfiltered.has(driver)) unfiltered.set(driver, { ...driver, mayDetect: () => true });
    return unfiltered.get(driver)!;
  };
  return rules.map((rule) => ({ ...rule, drivers: rule.drivers.map(every) }));
}

/** What a finding claims, without the edits: compared between a prefiltered scan and a full one. */
const claim = (finding: Finding) =>
  `${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.messageId} ${finding.safety} ${finding.message}`;

/** The findings of a scan of `paths` (risks included), prefiltered and not, as claims. */
export async function prefilteredAndFull(
  cwd: string,
  paths: string[],
  rules: readonly Rule[],
): Promise<{ prefiltered: string[]; full: string[] }> {
  const settings = { ...DEFAULT_SETTINGS, includeRisks: true };
  const prefiltered = await scan({ cwd, paths, rules, settings });
  const full = await scan({ cwd, paths, rules: withoutPrefilter(rules), settings });
  return { prefiltered: prefiltered.findings.map(claim), full: full.findings.map(claim) };
}
