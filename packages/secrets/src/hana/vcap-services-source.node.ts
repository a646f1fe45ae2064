import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StorageConfigValidationError } from '@residency/errors';

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Where `VCAP_SERVICES` is looked for. */
export interface VcapServicesLocation {
  /** The environment to read; `process.env` in applications. */
  readonly environment: Environment;
  /** The `default-env.json` file for local development, or `false` to never read one. */
  readonly defaultEnvFile: string | false;
}

/** Parsed `VCAP_SERVICES` and where they came from. */
export interface VcapServices {
  /** The parsed JSON. */
  readonly value: unknown;
  /** `VCAP_SERVICES`, or the path of the file they were read from; for messages. */
  readonly origin: string;
}

/**
 * Finds the service bindings (fact sheet §6): the `VCAP_SERVICES` variable; else the JSON file
 * named by `VCAP_SERVICES_FILE_PATH`; else, for local development, the `VCAP_SERVICES` entry
 * of `default-env.json`, SAP tools' file of variables whose real variables win. Empty
 * variables count as unset. Read when called, never at import.
 *
 * @param location The environment and the `default-env.json` path.
 * @returns The parsed bindings, or `undefined` when none of the three exists.
 * @throws {StorageConfigValidationError} When a source exists but cannot be read or is not
 *   JSON. The message names the variable or file, never its content (a password is in it).
 */
export function readVcapServices(location: VcapServicesLocation): VcapServices | undefined {
  const { environment } = location;
  const inline = environment.VCAP_SERVICES;
  if (inline !== undefined && inline !== '') {
    return { value: parseJson(inline, 'VCAP_SERVICES'), origin: 'VCAP_SERVICES' };
  }
  const filePath = environment.VCAP_SERVICES_FILE_PATH;
  if (filePath !== undefined && filePath !== '') {
    const path = resolve(filePath);
    const text = readText(path, 'VCAP_SERVICES_FILE_PATH') as string;
    return { value: parseJson(text, path), origin: path };
  }
  if (location.defaultEnvFile === false) return undefined;
  return fromDefaultEnv(resolve(location.defaultEnvFile));
}

function fromDefaultEnv(path: string): VcapServices | undefined {
  const text = readText(path, 'default-env.json', true);
  if (text === undefined) return undefined;
  const variables = parseJson(text, path);
  if (typeof variables !== 'object' || variables === null) {
    throw new StorageConfigValidationError(`Invalid ${path}: must be a JSON object of variables`);
  }
  const value: unknown = (variables as Record<string, unknown>).VCAP_SERVICES;
  if (value === undefined) return undefined;
  const origin = `${path} (VCAP_SERVICES)`;
  // SAP tools write it as an object; a string holding the JSON, as in the real variable, works too.
  return { value: typeof value === 'string' ? parseJson(value, origin) : value, origin };
}

function readText(path: string, what: string, optional = false): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (optional && code === 'ENOENT') return undefined;
    throw new StorageConfigValidationError(
      `Cannot read ${path} (${what}): ${typeof code === 'string' ? code : 'read failed'}`,
      { cause: error },
    );
  }
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // No `cause`: JSON.parse's message quotes the text around the error, which may be a password.
    throw new StorageConfigValidationError(`Invalid ${origin}: not valid JSON`);
  }
}
