import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findUp } from './discover.js';
import { REALMS, type Settings } from './settings.js';

/** The file a project keeps its unleak settings in, found at or above the current folder. */
export const CONFIG_FILE = 'unleak.config.json';

/** A config file that cannot be used: a usage error, as a bad flag is. */
export class ConfigError extends Error {}

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

/** Each setting the file may hold, with a check of its value that says what is expected. */
const SETTINGS: { [K in keyof Settings]: { expected: string; accepts(value: unknown): value is Settings[K] } } = {
  realm: {
    expected: REALMS.map((realm) => JSON.stringify(realm)).join(' or '),
    accepts: (value): value is Settings['realm'] => REALMS.includes(value as never),
  },
  libReference: {
    expected: 'true, false or "auto"',
    accepts: (value): value is Settings['libReference'] => isBoolean(value) || value === 'auto',
  },
  includeRisks: { expected: 'true or false', accepts: isBoolean },
  testCommand: {
    expected: 'a command line',
    accepts: (value): value is string => typeof value === 'string' && value.trim() !== '',
  },
};

/** The settings of the named config file, or of the nearest one at or above `cwd`; none when there is none. */
export function loadConfig(cwd: string, named?: string): { file?: string; settings: Partial<Settings> } {
  const file = named ? path.resolve(cwd, named) : findUp(cwd, CONFIG_FILE);
  if (!file) return { settings: {} };
  const name = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (named && code === 'ENOENT') throw new ConfigError(`no such config file: ${named}`);
    // A folder (EISDIR), no permission (EACCES), …: a usage error like any other unusable config.
    throw new ConfigError(`${name}: cannot be read (${code ?? (error as Error).message})`);
  }
  return { file, settings: parseConfig(text, name) };
}

export function parseConfig(text: string, name: string): Partial<Settings> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError(`${name}: must hold a JSON object`);
  const settings: Partial<Record<keyof Settings, unknown>> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === '$schema') continue;
    // Own keys only: 'toString', 'constructor' or '__proto__' are found on any object by `in`.
    if (!Object.hasOwn(SETTINGS, key))
      throw new ConfigError(`${name}: unknown setting '${key}'; known settings: ${Object.keys(SETTINGS).join(', ')}`);
    const setting = SETTINGS[key as keyof Settings];
    if (!setting.accepts(value))
      throw new ConfigError(`${name}: '${key}' must be ${setting.expected}, not ${JSON.stringify(value)}`);
    settings[key as keyof Settings] = value;
  }
  return settings as Partial<Settings>;
}
