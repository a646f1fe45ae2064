// Configuration comes from four places, later ones winning: the defaults, a JSON config file
// (`--config FILE` or `RESIDENCY_CONFIG`), `RESIDENCY_*` environment variables, and flags. Each
// setting remembers where it came from, so an error says which flag, variable or file to fix.

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as v from 'valibot';
import { CONFIG_FILE_ENV, CONFIG_KEYS, type ConfigKey } from './config-keys.ts';
import { type Country, DEFAULT_COUNTRIES } from './countries.ts';
import { isoCountries } from './country-catalogue.ts';
import { DEFAULT_SERVER_CONFIG, type ServerConfig, ServerConfigSchema } from './server-config.ts';

/** A configuration that cannot be used; the message names the setting, its source and the rule. */
export class ConfigError extends Error {
  /**
   * @param message What is wrong, never a setting's value.
   */
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Where `loadServerConfig` reads from. */
export interface ConfigSources {
  /** Parsed flags by flag name (`data`, `port`, `cors-origin`, `config`, …). */
  readonly flags?:
    | { readonly [flag: string]: string | boolean | readonly string[] | undefined }
    | undefined;
  /** Environment variables; default none. */
  readonly env?: { readonly [name: string]: string | undefined } | undefined;
  /** What relative paths of flags and variables are relative to; default `process.cwd()`. */
  readonly cwd?: string | undefined;
}

// A switch is on or off; the schema refuses any other word, naming the setting.
const SWITCH_WORDS = new Map([
  ['on', true],
  ['true', true],
  ['off', false],
  ['false', false],
]);

type Layer = Map<string, { value: unknown; origin: string }>;

function convert(key: ConfigKey, text: string | readonly string[], base: string): unknown {
  const texts = typeof text === 'string' ? [text] : text;
  if (key.kind === 'list') {
    return texts
      .flatMap((item) => item.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  const last = texts[texts.length - 1] ?? '';
  if (key.kind === 'integer') return /^\d+$/.test(last.trim()) ? Number(last.trim()) : last;
  if (key.kind === 'path') return resolve(base, last);
  if (key.kind === 'switch') return SWITCH_WORDS.get(last.trim().toLowerCase()) ?? last;
  return last;
}

function textLayer(
  values: (key: ConfigKey) => string | readonly string[] | undefined,
  origin: (key: ConfigKey) => string,
  base: string,
): Layer {
  const layer: Layer = new Map();
  for (const key of CONFIG_KEYS) {
    const text = values(key);
    if (text === undefined || text === '') continue;
    layer.set(key.key, { value: convert(key, text, base), origin: origin(key) });
  }
  return layer;
}

async function fileLayer(path: string): Promise<Layer> {
  let content: unknown;
  try {
    content = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : 'is not readable JSON';
    throw new ConfigError(`config file ${path} ${reason}`);
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new ConfigError(`config file ${path} must hold a JSON object`);
  }
  const layer: Layer = new Map();
  const known = new Set(['postgresUrls', ...CONFIG_KEYS.map(({ key }) => key)]);
  for (const [name, value] of Object.entries(content)) {
    if (!known.has(name)) throw new ConfigError(`${name} (config file ${path}) is not a setting`);
    const kind = CONFIG_KEYS.find(({ key }) => key === name)?.kind;
    const resolved =
      kind === 'path' && typeof value === 'string' ? resolve(dirname(path), value) : value;
    layer.set(name, { value: resolved, origin: `config file ${path}` });
  }
  return layer;
}

// A code names a country of the config file, else a default one, else any ISO 3166-1 country
// (the dataset is read only then).
function findCountry(code: string, defined: readonly Country[]): Country | undefined {
  return (
    defined.find((known) => known.code.toLowerCase() === code) ??
    DEFAULT_COUNTRIES.find((known) => known.code === code) ??
    isoCountries().get(code)
  );
}

function resolveCountries(list: unknown, defined: readonly Country[], origin: string): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((item: unknown) => {
    if (typeof item !== 'string') return item;
    const country = findCountry(item.toLowerCase(), defined);
    if (country === undefined) {
      throw new ConfigError(
        `countries (${origin}) names an unknown country (not an ISO 3166-1 alpha-2 code); define it in the config file as { "code", "name", "region" }`,
      );
    }
    return country;
  });
}

function describeIssue(issue: v.BaseIssue<unknown>, merged: Layer): string {
  const path = v.getDotPath(issue);
  if (path === null) return issue.message;
  const top = path.split('.')[0] as string;
  const origin = merged.get(top)?.origin ?? 'default';
  return `${path} (${origin}) ${issue.message}`;
}

async function mergedLayers(
  sources: ConfigSources,
  cwd: string,
): Promise<{ merged: Layer; file: Layer }> {
  const flags = sources.flags ?? {};
  const env = sources.env ?? {};
  const flagText = (name: string | undefined): string | readonly string[] | undefined => {
    const value = name === undefined ? undefined : flags[name];
    return typeof value === 'boolean' ? undefined : value;
  };
  const configPath = flagText('config') ?? env[CONFIG_FILE_ENV];
  const file: Layer =
    typeof configPath === 'string' && configPath !== ''
      ? await fileLayer(resolve(cwd, configPath))
      : new Map();
  const fromEnv = textLayer(
    (key) => env[key.env],
    (key) => `environment ${key.env}`,
    cwd,
  );
  const fromFlags = textLayer(
    (key) => flagText(key.flag),
    (key) => `flag --${key.flag}`,
    cwd,
  );
  return { merged: new Map([...file, ...fromEnv, ...fromFlags]), file };
}

// Codes (from any source) name countries defined in the config file or ISO 3166-1 countries.
function resolveCountryCodes(merged: Layer, file: Layer): void {
  const countries = merged.get('countries');
  if (countries === undefined) return;
  const fileCountries = file.get('countries')?.value;
  const defined = Array.isArray(fileCountries) ? fileCountries.filter(isCountryObject) : [];
  countries.value = resolveCountries(countries.value, defined, countries.origin);
}

/**
 * Loads and checks the server's configuration.
 *
 * @param sources Flags, environment variables and the working folder.
 * @returns The configuration, with defaults applied and paths absolute.
 * @throws {ConfigError} A source is unreadable or a setting breaks its rule.
 */
export async function loadServerConfig(sources: ConfigSources = {}): Promise<ServerConfig> {
  const cwd = sources.cwd ?? process.cwd();
  const { merged, file } = await mergedLayers(sources, cwd);
  resolveCountryCodes(merged, file);
  const raw = Object.fromEntries([...merged].map(([key, { value }]) => [key, value]));
  const result = v.safeParse(ServerConfigSchema, raw);
  if (!result.success) {
    const issues = result.issues.slice(0, 5).map((issue) => describeIssue(issue, merged));
    throw new ConfigError(issues.join('; '));
  }
  return {
    ...result.output,
    dataDir: resolve(cwd, result.output.dataDir ?? DEFAULT_SERVER_CONFIG.dataDir),
  };
}

function isCountryObject(value: unknown): value is Country {
  if (typeof value !== 'object' || value === null) return false;
  const country = value as { code?: unknown };
  return typeof country.code === 'string';
}
