import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findUp } from './discover.js';
import { REALMS, type Settings } from './transform.js';

/** The file a project keeps its unleak settings in, found at or above the current folder. */
export const CONFIG_FILE = 'unleak.config.json';

/** A config file that cannot be used: a usage error, as a bad flag is. */
export class ConfigError extends Error {}

/** Each setting the file may hold, with a check of its value that says what is expected. */
const SETTINGS: { [K in keyof Settings]: { expected: string; accepts(value: unknown): value is Settings[K] } } = {
  realm: { expected: REALMS.map((realm) => JSON.stringify(realm)).join(' or '), accepts: (value): value is Settings['realm'] => REALMS.includes(value as never) },
  libReference: { expected: 'true or false', accepts: (value): value is boolean => typeof value === 'boolean' },
};

/** The settings of the named config file, or of the nearest one at or above `cwd`; none when there is none. */
export function loadConfig(cwd: string, named?: string): { file?: string; settings: Partial<Settings> } {
  const file = named ? path.resolve(cwd, named) : findUp(cwd, CONFIG_FILE);
  if (!file) return { settings: {} };
  if (!existsSync(file)) throw new ConfigError(`no such config file: ${named}`);
  return { file, settings: parseConfig(readFileSync(file, 'utf8'), path.relative(cwd, file) || file) };
}

export function parseConfig(text: string, name: string): Partial<Settings> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError(`${name}: must hold a JSON object`);
  const settings: Partial<Record<keyof Settings, unknown>> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === '$schema') continue;
    if (!(key in SETTINGS)) throw new ConfigError(`${name}: unknown setting '${key}'; known settings: ${Object.keys(SETTINGS).join(', ')}`);
    const setting = SETTINGS[key as keyof Settings];
    if (!setting.accepts(value)) throw new ConfigError(`${name}: '${key}' must be ${setting.expected}, not ${JSON.stringify(value)}`);
    settings[key as keyof Settings] = value;
  }
  return settings as Partial<Settings>;
}
