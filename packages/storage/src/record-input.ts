import {
  codePointLength,
  INT64_RULE,
  type Int64,
  isInt64,
  isPlainObject,
  MAX_BATCH_RECORDS,
  toInt64Read,
  wellFormedText,
} from '@residency/protocol';
import * as v from 'valibot';
import { DateInputSchema } from './date-input.ts';
import {
  type InputContext,
  MAX_PLAIN_KEY_LENGTH,
  MAX_SSE_UTILITY_KEY_LENGTH,
  searchKeysArePlain,
} from './input-context.ts';
import {
  camelFieldOf,
  RANGE_KEY_FIELDS,
  SEARCH_KEY_FIELDS,
  SERVICE_KEY_FIELDS,
} from './input-fields.ts';
import { parseInput, strictObjectMessage } from './input-issues.ts';
import type { RangeKeyName, SearchKeyName, ServiceKeyName } from './record.ts';
import { recordKeySchema } from './record-key-input.ts';

/** The writable fields of a record, as a user passes them to `write` or `batchWrite`. */
export type RecordInput = {
  /** The record's identity; non-empty. Hashed unless in SSE mode. */
  readonly recordKey: string;
  /** Encrypted. */
  readonly body?: string | null;
  /** Encrypted separately from `body`. */
  readonly precommitBody?: string | null;
  /** Hashed. */
  readonly profileKey?: string | null;
  /** Hashed. */
  readonly parentKey?: string | null;
  /** A `Date` or an ISO 8601 string; the platform deletes the record at that time. */
  readonly expiresAt?: Date | string | null;
  /** Read-only fields of a stored record: accepted so a read record can be written back, ignored. */
  readonly createdAt?: unknown;
  readonly updatedAt?: unknown;
  readonly version?: unknown;
  readonly isEncrypted?: unknown;
  readonly attachments?: unknown;
} & { readonly [K in ServiceKeyName]?: string | null } & {
  readonly [K in SearchKeyName]?: string | null;
} & { readonly [K in RangeKeyName]?: Int64 | null };

/** A validated record: unknown, read-only and `undefined` properties dropped, `expiresAt` a `Date`. */
export type ParsedRecordInput = {
  readonly recordKey: string;
  readonly body?: string | null;
  readonly precommitBody?: string | null;
  readonly profileKey?: string | null;
  readonly parentKey?: string | null;
  readonly expiresAt?: Date | null;
} & { readonly [K in ServiceKeyName]?: string | null } & {
  readonly [K in SearchKeyName]?: string | null;
} & { readonly [K in RangeKeyName]?: Int64 | null };

/** Fields a stored record has but a write does not send: the server or the SDK sets them. */
const READ_ONLY_FIELDS: readonly string[] = [
  'createdAt',
  'updatedAt',
  'version',
  'isEncrypted',
  'attachments',
];

/** Every property a record may have. */
const RECORD_FIELDS: readonly string[] = [
  'recordKey',
  'body',
  'precommitBody',
  'profileKey',
  'parentKey',
  ...SERVICE_KEY_FIELDS,
  ...SEARCH_KEY_FIELDS,
  ...RANGE_KEY_FIELDS,
  'expiresAt',
  ...READ_ONLY_FIELDS,
];

const INT_RULE = `${INT64_RULE}, or null`;

function stringOrNull(maxLength?: number): v.GenericSchema<string | null> {
  if (maxLength === undefined) {
    return v.nullable(v.pipe(v.string('must be a string or null'), wellFormedText()));
  }
  const rule = `must be a string of at most ${maxLength} characters, or null`;
  return v.nullable(
    v.pipe(
      v.string(rule),
      v.check((text) => codePointLength(text) <= maxLength, rule),
      wellFormedText(),
    ),
  );
}

function unknownFieldRule(key: string): string {
  const hint = camelFieldOf(key, RECORD_FIELDS);
  return hint === undefined ? 'is not a record field' : `is not a record field (use ${hint})`;
}

function recordEntries(context: InputContext): v.ObjectEntries {
  const sse = context.encryption === 'SSE';
  const utility = stringOrNull(sse ? MAX_SSE_UTILITY_KEY_LENGTH : undefined);
  const service = stringOrNull(sse ? MAX_PLAIN_KEY_LENGTH : undefined);
  const search = stringOrNull(searchKeysArePlain(context) ? MAX_PLAIN_KEY_LENGTH : undefined);
  // A bigint of the safe range becomes a number: the written record reads as a read one does.
  const range = v.nullable(v.pipe(v.custom<Int64>(isInt64, INT_RULE), v.transform(toInt64Read)));
  const entries: v.ObjectEntries = {
    recordKey: recordKeySchema(context),
    body: v.optional(stringOrNull()),
    precommitBody: v.optional(stringOrNull()),
    profileKey: v.optional(utility),
    parentKey: v.optional(utility),
    expiresAt: v.optional(v.nullable(DateInputSchema)),
  };
  for (const field of SERVICE_KEY_FIELDS) entries[field] = v.optional(service);
  for (const field of SEARCH_KEY_FIELDS) entries[field] = v.optional(search);
  for (const field of RANGE_KEY_FIELDS) entries[field] = v.optional(range);
  for (const field of READ_ONLY_FIELDS) entries[field] = v.optional(v.unknown());
  return entries;
}

function dropIgnored(record: Record<string, unknown>): ParsedRecordInput {
  const kept = Object.entries(record).filter(
    ([field, value]) => value !== undefined && !READ_ONLY_FIELDS.includes(field),
  );
  return Object.fromEntries(kept) as unknown as ParsedRecordInput;
}

function buildRecordSchema(context: InputContext): v.GenericSchema<RecordInput, ParsedRecordInput> {
  const shape = 'an object of record fields';
  return v.pipe(
    // valibot's object schemas take lists and class instances too; a record is a plain object.
    v.custom<Record<string, unknown>>(isPlainObject, `must be ${shape}`),
    v.strictObject(recordEntries(context), strictObjectMessage(shape, unknownFieldRule)),
    v.transform(dropIgnored),
  ) as unknown as v.GenericSchema<RecordInput, ParsedRecordInput>;
}

const schemas = new Map<string, v.GenericSchema<RecordInput, ParsedRecordInput>>();

/**
 * Returns the schema of one record for the given storage settings (protocol.md §5.1, §5.3,
 * §6.3, §10): `recordKey` a non-empty string; `body`, `precommitBody` and the string keys strings
 * or null; range keys safe integers or null; `expiresAt` a `Date`, an ISO 8601 string or null,
 * read into a `Date`. With `hashSearchKeys: false`, `key1`..`key20` hold at most 256 characters.
 * In SSE mode `recordKey` holds at most 128 and no `/`, `#`, `?` or newline, `profileKey` and
 * `parentKey` at most 128, `serviceKey1`..`5` and `key1`..`20` at most 256. Every string (keys,
 * `body`, `precommitBody`) must be well-formed Unicode: no lone surrogate. Unknown properties are
 * rejected (they are usually typos, e.g. `recordkey`); the read-only fields of a stored record
 * (`createdAt`, `updatedAt`, `version`, `isEncrypted`, `attachments`) are accepted and dropped.
 *
 * @param context The encryption mode and `hashSearchKeys`.
 * @returns The schema; every message names the rule, never the value.
 */
export function recordInputSchema(
  context: InputContext,
): v.GenericSchema<RecordInput, ParsedRecordInput> {
  const key = `${context.encryption}:${context.hashSearchKeys}`;
  let schema = schemas.get(key);
  if (schema === undefined) {
    schema = buildRecordSchema(context);
    schemas.set(key, schema);
  }
  return schema;
}

/**
 * Validates one record before it is encrypted and sent (see `recordInputSchema` for the rules).
 *
 * @param record The caller's record, camelCase fields.
 * @param context The encryption mode and `hashSearchKeys`.
 * @param path The argument's name in error messages; `record` unless told.
 * @returns The record with only the fields to send, `expiresAt` a `Date`.
 * @throws {InputValidationError} A field breaks a rule or is unknown; `path` names it (e.g.
 *   `record.rangeKey1`), the message never quotes its value.
 */
export function parseRecordInput(
  record: unknown,
  context: InputContext,
  path = 'record',
): ParsedRecordInput {
  return parseInput(recordInputSchema(context), record, path);
}

/**
 * Validates the records of a `batchWrite`: a list of 1 to 100 records, each checked as by
 * `parseRecordInput`.
 *
 * @param records The caller's records.
 * @param context The encryption mode and `hashSearchKeys`.
 * @param path The argument's name in error messages; `records` unless told.
 * @returns The validated records, in order.
 * @throws {InputValidationError} Not a list, empty, longer than 100, or a record breaks a rule;
 *   `path` names the list or the field (e.g. `records.3.key1`).
 */
export function parseBatchRecordInputs(
  records: unknown,
  context: InputContext,
  path = 'records',
): ParsedRecordInput[] {
  const schema = v.pipe(
    v.array(recordInputSchema(context), 'must be a non-empty array of records'),
    v.minLength(1, 'must be a non-empty array of records'),
    v.maxLength(MAX_BATCH_RECORDS, `must not be larger than ${MAX_BATCH_RECORDS} records`),
  );
  return parseInput(schema, records, path);
}
