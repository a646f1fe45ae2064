// The read side of `find` and `findOne` (protocol.md §8.3): decode every found record, keeping
// the ones that fail apart with their raw data (the Node rule: any failure to decode, not only
// crypto errors as in Python), and the options of `findOne`.

import { isStorageError, StorageCryptoError, type StorageError } from '@residency/errors';
import {
  FIND_PATH,
  type FindResponse,
  FindResponseSchema,
  isPlainObject,
  type ServerRecord,
} from '@residency/protocol';
import type { WireFindFilter } from './find-filter.ts';
import { buildFindOptions, type WireFindOptions } from './find-options.ts';
import type { InputContext } from './input-context.ts';
import { inputError, joinPath } from './input-issues.ts';
import type { Record } from './record.ts';
import type { RecordCodec } from './record-codec.ts';
import type { FindError, FindResult } from './record-storage-types.ts';
import type { StorageCall } from './storage-call.ts';

/** The decoded records of a find answer and the failures. */
export interface DecodedRecords {
  /** The records that decoded, in the server's order. */
  readonly records: Record[];
  /** The records that did not, with why. */
  readonly errors: FindError[];
}

/**
 * Makes a decode failure a `StorageError`: ours pass through; anything else (a custom
 * cipher's own error) becomes a `StorageCryptoError` with it as `cause`.
 *
 * @param error What `decode` threw.
 * @returns The error to report.
 */
export function toDecodeError(error: unknown): StorageError {
  if (isStorageError(error)) return error;
  return new StorageCryptoError('A found record could not be decrypted', { cause: error });
}

/**
 * Decodes found records; a record that fails goes to `errors` with its raw data instead of
 * failing the call.
 *
 * @param codec The storage's codec.
 * @param data The server records of the answer.
 * @returns The decoded records and the failures.
 */
export async function decodeFound(
  codec: RecordCodec,
  data: readonly ServerRecord[],
): Promise<DecodedRecords> {
  const records: Record[] = [];
  const errors: FindError[] = [];
  // One after the other: decryption is CPU work, and order must follow the server's.
  for (const rawData of data) {
    try {
      records.push(await codec.decode(rawData));
    } catch (error) {
      errors.push({ error: toDecodeError(error), rawData });
    }
  }
  return { records, errors };
}

const FIND_ONE_OPTIONS = ['offset', 'sort'];

/**
 * Validates `findOne`'s options and builds the request's `options`: `find`'s with `limit` 1.
 *
 * @param options The caller's `{ offset?, sort? }`; `undefined` for the defaults.
 * @param context The storage's mode and `hashSearchKeys` (a `key*` sort needs plain keys).
 * @param path The argument's name in error messages; `options` unless told.
 * @returns `{ limit: 1, offset, sort? }`.
 * @throws {InputValidationError} Not an object, an unknown option (`limit` included), or a bad
 *   `offset` or `sort` (as `buildFindOptions` checks them); `path` names it.
 */
export function buildFindOneOptions(
  options: unknown,
  context: InputContext,
  path = 'options',
): WireFindOptions {
  if (options === undefined) return buildFindOptions({ limit: 1 }, path, context);
  if (!isPlainObject(options)) throw inputError(path, 'must be an object with offset or sort');
  for (const name of Object.keys(options)) {
    if (!FIND_ONE_OPTIONS.includes(name)) {
      throw inputError(joinPath(path, name), 'is not a findOne option (expected offset or sort)');
    }
  }
  return buildFindOptions({ ...options, limit: 1 }, path, context);
}

/** The body of a find request. */
export interface FindRequestBody {
  /** The wire filter. */
  readonly filter: WireFindFilter;
  /** Limit, offset and sort. */
  readonly options: WireFindOptions;
}

/**
 * Sends one find request and returns the answer as the server sent it, validated but not
 * decoded: hashed keys, encrypted bodies, `updated_at` as the server's own string.
 *
 * @param call The records call.
 * @param json The filter (already a wire filter: keys hashed) and options.
 * @returns `{ meta, data }`.
 * @throws The transport's errors.
 */
export function sendRawFind(call: StorageCall, json: FindRequestBody): Promise<FindResponse> {
  return call.request({ method: 'POST', path: FIND_PATH, json }, FindResponseSchema);
}

/**
 * Sends one find request and decodes the answer, failures apart.
 *
 * @param codec The storage's codec.
 * @param call The records call.
 * @param json The filter and options.
 * @returns `{ records, meta, errors? }`; `errors` only when a record failed.
 * @throws The transport's errors.
 */
export async function sendFind(
  codec: RecordCodec,
  call: StorageCall,
  json: FindRequestBody,
): Promise<FindResult> {
  const { meta, data } = await sendRawFind(call, json);
  const { records, errors } = await decodeFound(codec, data);
  return errors.length === 0 ? { records, meta } : { records, meta, errors };
}

/**
 * Picks `findOne`'s record from a one-record page.
 *
 * @param page The decoded page.
 * @returns `{ record }`, `null` when nothing matched.
 * @throws {StorageError} The one match failed to decode (`null` would claim nothing matched).
 */
export function firstRecord(page: FindResult): { record: Record | null } {
  const failure = page.errors?.[0];
  if (page.records.length === 0 && failure !== undefined) throw failure.error;
  return { record: page.records[0] ?? null };
}
