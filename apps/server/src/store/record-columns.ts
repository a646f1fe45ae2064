// The columns of the records table, named as the wire names the fields (protocol.md §5.1). These
// lists are the only source of column names that reach SQL text: a find names a field, and the
// field is looked up here, so no user string is ever spliced into a statement.

import type { RangeKeyField, StringKeyField } from './types.ts';

function numbered<Prefix extends string>(prefix: Prefix, count: number): `${Prefix}${number}`[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index + 1}` as const);
}

/** `key1`..`key20`: the fields `$like` and `search_keys` look into. */
export const SEARCH_KEY_FIELDS: readonly StringKeyField[] = numbered('key', 20) as StringKeyField[];

/** `service_key1`..`service_key5`. */
const SERVICE_KEY_FIELDS: readonly StringKeyField[] = numbered(
  'service_key',
  5,
) as StringKeyField[];

/** Every string key field of a record except `record_key`. */
export const STRING_KEY_FIELDS: readonly StringKeyField[] = [
  'profile_key',
  'parent_key',
  ...SERVICE_KEY_FIELDS,
  ...SEARCH_KEY_FIELDS,
];

/** `range_key1`..`range_key10`, stored as bigint, read back as numbers when safe, else bigints. */
export const RANGE_KEY_FIELDS: readonly RangeKeyField[] = numbered(
  'range_key',
  10,
) as RangeKeyField[];

/** The date fields; `created_at` and `updated_at` are kept by the server. */
const DATE_FIELDS: readonly ('expires_at' | 'created_at' | 'updated_at')[] = [
  'expires_at',
  'created_at',
  'updated_at',
];

/** The columns a write sets from the client's record (all but environment and the kept dates). */
export const WRITTEN_COLUMNS: readonly string[] = [
  'record_key',
  'body',
  'precommit_body',
  'version',
  'is_encrypted',
  'expires_at',
  ...STRING_KEY_FIELDS,
  ...RANGE_KEY_FIELDS,
];

/** The SQL type a filterable field compares as; values are cast to it in every statement. */
export type FieldSqlType = 'text' | 'bigint' | 'timestamptz';

/** The fields a find may filter on, with their SQL types (protocol.md §8.2). */
export const FILTER_FIELD_TYPES: ReadonlyMap<string, FieldSqlType> = new Map<string, FieldSqlType>([
  ['record_key', 'text'],
  ...STRING_KEY_FIELDS.map((field): [string, FieldSqlType] => [field, 'text']),
  ...RANGE_KEY_FIELDS.map((field): [string, FieldSqlType] => [field, 'bigint']),
  ['version', 'bigint'],
  ...DATE_FIELDS.map((field): [string, FieldSqlType] => [field, 'timestamptz']),
]);

/** The fields a find may sort by (protocol.md §8.1). */
export const SORT_FIELDS: ReadonlySet<string> = new Set<string>([
  ...SEARCH_KEY_FIELDS,
  ...RANGE_KEY_FIELDS,
  ...DATE_FIELDS,
]);

/** The fields that get a partial index `(environment, field) WHERE field IS NOT NULL`. */
export const INDEXED_NULLABLE_FIELDS: readonly string[] = [
  ...STRING_KEY_FIELDS,
  ...RANGE_KEY_FIELDS,
  'expires_at',
];
