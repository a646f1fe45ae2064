// The records the find-index bench loads: shaped like what the SDK sends (hashed keys as 64 hex
// characters, an encrypted body of a few hundred characters, a few keys set, most null).

import { createHash } from 'node:crypto';
import type { RecordWrite } from '../src/store/index.ts';

/** How many distinct values key2 takes: an equality on it matches 1% of the records. */
export const KEY2_VALUES = 100;

/** range_key1 runs over 0..RANGE_SPAN-1. */
export const RANGE_SPAN = 1_000_000;

const NULL_FIELDS: Record<string, null> = Object.fromEntries(
  [
    'precommit_body',
    'parent_key',
    ...Array.from({ length: 5 }, (_, index) => `service_key${index + 1}`),
    ...Array.from({ length: 20 }, (_, index) => `key${index + 1}`),
    ...Array.from({ length: 10 }, (_, index) => `range_key${index + 1}`),
  ].map((field) => [field, null]),
);

/**
 * A hex "hash" of a label, as the SDK's salted key hashes look.
 * @param label What to hash.
 * @returns 64 lowercase hex characters.
 */
export function hashed(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

/**
 * The index-th bench record: unique key1, key2 one of KEY2_VALUES, a profile key shared by ten
 * records, range_key1 spread over RANGE_SPAN, one record in ten expiring in a year.
 * @param index The record's number.
 * @returns The record.
 */
export function benchRecord(index: number): RecordWrite {
  const spread = (index * 2_654_435_761) % RANGE_SPAN;
  return {
    ...NULL_FIELDS,
    record_key: hashed(`record-${index}`),
    body: `2:${hashed(`body-${index}`).repeat(5)}`,
    version: 0,
    is_encrypted: true,
    expires_at: index % 10 === 0 ? new Date(Date.now() + 365 * 24 * 3600 * 1000) : null,
    profile_key: hashed(`profile-${Math.floor(index / 10)}`),
    key1: hashed(`key1-${index}`),
    key2: hashed(`key2-${index % KEY2_VALUES}`),
    range_key1: spread,
  } as RecordWrite;
}
