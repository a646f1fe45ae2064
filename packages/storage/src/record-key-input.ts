import { codePointLength, wellFormedText } from '@residency/protocol';
import * as v from 'valibot';
import { type InputContext, MAX_SSE_UTILITY_KEY_LENGTH } from './input-context.ts';
import { parseInput } from './input-issues.ts';

const RECORD_KEY_RULE = 'must be a non-empty string';
const SSE_LENGTH_RULE = `must be at most ${MAX_SSE_UTILITY_KEY_LENGTH} characters in SSE mode`;
const SSE_CHARACTERS_RULE = 'must not contain /, #, ? or a newline in SSE mode';

/**
 * The most record keys one `batchDelete` takes. The Python model sets no bound (protocol.md
 * §4.6); we use `batchWrite`'s 100 so one call stays one bounded request.
 */
export const MAX_BATCH_DELETE_KEYS = 100;

/**
 * A record key argument (`read`, `delete`, attachments): a non-empty string (protocol.md §10),
 * well-formed Unicode (no lone surrogate).
 */
export const RecordKeySchema: v.GenericSchema<string> = v.pipe(
  v.string(RECORD_KEY_RULE),
  v.minLength(1, RECORD_KEY_RULE),
  wellFormedText(),
);

/** In SSE mode the raw key goes into URL paths, so Python limits it (protocol.md §5.3). */
const SseRecordKeySchema: v.GenericSchema<string> = v.pipe(
  RecordKeySchema,
  v.check((key) => codePointLength(key) <= MAX_SSE_UTILITY_KEY_LENGTH, SSE_LENGTH_RULE),
  v.check((key) => !/[/#?\n]/.test(key), SSE_CHARACTERS_RULE),
);

/**
 * Returns the schema of a record's `recordKey` for the given mode: a non-empty string; in SSE
 * mode also at most 128 characters without `/`, `#`, `?` or newline (protocol.md §5.3).
 *
 * @param context The storage settings; only `encryption` matters.
 * @returns The schema; its messages never quote the key.
 */
export function recordKeySchema(
  context: Pick<InputContext, 'encryption'>,
): v.GenericSchema<string> {
  return context.encryption === 'SSE' ? SseRecordKeySchema : RecordKeySchema;
}

/**
 * Validates a record key argument (`read`, `delete`, attachment calls).
 *
 * @param recordKey The caller's key.
 * @param path The argument's name in error messages; `recordKey` unless told.
 * @returns The key, unchanged.
 * @throws {InputValidationError} The key is not a non-empty string.
 */
export function parseRecordKey(recordKey: unknown, path = 'recordKey'): string {
  return parseInput(RecordKeySchema, recordKey, path);
}

const RECORD_KEYS_RULE = `must be a list of 1 to ${MAX_BATCH_DELETE_KEYS} record keys`;

/** The keys of a `batchDelete`: 1..100 non-empty strings (protocol.md §4.6, §10). */
export const RecordKeyListSchema: v.GenericSchema<readonly string[], string[]> = v.pipe(
  v.array(RecordKeySchema, RECORD_KEYS_RULE),
  v.minLength(1, RECORD_KEYS_RULE),
  v.maxLength(MAX_BATCH_DELETE_KEYS, RECORD_KEYS_RULE),
);

/**
 * Validates the record keys of a `batchDelete`.
 *
 * @param recordKeys The caller's keys.
 * @param path The argument's name in error messages; `recordKeys` unless told.
 * @returns The keys, as a new array.
 * @throws {InputValidationError} Not a list of 1 to 100 non-empty strings; `path` names the list or
 *   the offending item (`recordKeys.3`).
 */
export function parseRecordKeys(recordKeys: unknown, path = 'recordKeys'): string[] {
  return parseInput(RecordKeyListSchema, recordKeys, path);
}
