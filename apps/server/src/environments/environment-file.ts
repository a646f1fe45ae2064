// Environments and their clients live in `environments.json` under the data folder, not in the
// databases: they are the server's configuration, the same for every country, and an operator
// adds one with `residency-server env add` while the server runs. Clients keep only the SHA-256
// of their secret.

import * as v from 'valibot';
import { writeJsonFileAtomic } from '../files/atomic-file.ts';
import { readJsonFile } from '../files/json-file.ts';

/** The name of the environments file inside the data folder. */
export const ENVIRONMENTS_FILE_NAME = 'environments.json';

/** The rule of environment and client ids: safe in headers, paths, JSON and file names. */
export const ENVIRONMENT_ID_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const ID_RULE = 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';

const ClientSchema = v.object({
  id: v.pipe(v.string(ID_RULE), v.regex(ENVIRONMENT_ID_PATTERN, ID_RULE)),
  secretHash: v.pipe(
    v.string('must be a SHA-256 hex string'),
    v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex string'),
  ),
  createdAt: v.string('must be a date string'),
  generation: v.optional(
    v.pipe(
      v.number('must be a non-negative integer'),
      v.safeInteger('must be a non-negative integer'),
      v.minValue(0, 'must be a non-negative integer'),
    ),
    0,
  ),
});

const EnvironmentSchema = v.object({
  id: v.pipe(v.string(ID_RULE), v.regex(ENVIRONMENT_ID_PATTERN, ID_RULE)),
  plainSearchKeys: v.optional(v.boolean('must be a boolean'), false),
  createdAt: v.string('must be a date string'),
  clients: v.array(ClientSchema, 'must be an array of clients'),
});

const EnvironmentsFileSchema = v.object({
  version: v.literal(1, 'must be 1'),
  environments: v.array(EnvironmentSchema, 'must be an array of environments'),
});

/** One client of an environment: its id and the SHA-256 (hex) of its secret. */
export interface EnvironmentClient {
  readonly id: string;
  readonly secretHash: string;
  /** ISO-8601. */
  readonly createdAt: string;
  /** Counts the rotations of its secret; tokens carry it, so a rotation revokes older tokens. */
  readonly generation: number;
}

/** One environment: its id, its SSE search-key setting and its clients. */
export interface Environment {
  readonly id: string;
  /** SSE only: store `key1..20` in plain text so `$like`, `search_keys` and sorting work. */
  readonly plainSearchKeys: boolean;
  /** ISO-8601. */
  readonly createdAt: string;
  readonly clients: readonly EnvironmentClient[];
}

/** The content of `environments.json`. */
export interface EnvironmentsFile {
  readonly version: 1;
  readonly environments: readonly Environment[];
}

/**
 * Reads and checks `environments.json`.
 *
 * @param path The file.
 * @returns Its content; no environments when the file does not exist.
 * @throws {Error} The file is not valid JSON or breaks the schema (the message names the field).
 */
export async function readEnvironmentsFile(path: string): Promise<EnvironmentsFile> {
  return (await readJsonFile(path, EnvironmentsFileSchema)) ?? { version: 1, environments: [] };
}

/**
 * Writes `environments.json` atomically, mode 0600.
 *
 * @param path The file.
 * @param content The environments.
 * @returns When the file is in place.
 */
export async function writeEnvironmentsFile(
  path: string,
  content: EnvironmentsFile,
): Promise<void> {
  await writeJsonFileAtomic(path, content);
}
