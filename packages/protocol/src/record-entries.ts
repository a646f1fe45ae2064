import type * as v from 'valibot';
import type { Int64 } from './int64.ts';
import type { RangeKeyField, SearchKeyField, ServiceKeyField } from './wire-fields.ts';
import { optionalInt64, optionalString } from './wire-values.ts';

/** The string keys besides `record_key`, whose schema differs between requests and responses. */
export type StringKeyField = 'profile_key' | 'parent_key' | ServiceKeyField | SearchKeyField;

/** A schema of an optional nullable wire value. */
type Nullish<T> = v.GenericSchema<T | null | undefined>;

/** The entries every record schema shares: keys, range keys, body and precommit body. */
export type RecordEntries = { readonly [field in StringKeyField]: Nullish<string> } & {
  readonly [field in RangeKeyField]: Nullish<Int64>;
} & { readonly body: Nullish<string>; readonly precommit_body: Nullish<string> };

/** The wire values every record shape shares (see `RecordEntries`), all optional and nullable. */
export type RecordValues = {
  [field in StringKeyField | 'body' | 'precommit_body']?: string | null | undefined;
} & {
  [field in RangeKeyField]?: Int64 | null | undefined;
};

/**
 * Builds the entries shared by the request and the response record schemas.
 *
 * @param keyValue Makes the schema of one string key (bounded in requests, lenient in responses).
 * @returns The entries `profile_key`, `parent_key`, `service_key1..5`, `key1..20`,
 *   `range_key1..10`, `body` and `precommit_body`.
 */
export function recordEntries(keyValue: () => Nullish<string>): RecordEntries {
  const entries: { [field: string]: v.GenericSchema<unknown> } = {
    body: optionalString(),
    precommit_body: optionalString(),
    profile_key: keyValue(),
    parent_key: keyValue(),
  };
  for (let index = 1; index <= 5; index++) entries[`service_key${index}`] = keyValue();
  for (let index = 1; index <= 20; index++) entries[`key${index}`] = keyValue();
  for (let index = 1; index <= 10; index++) entries[`range_key${index}`] = optionalInt64();
  return entries as RecordEntries;
}
