// Record fixtures and the full read shape every record answer must have (protocol.md §4.3).

import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { WIRE_DATE } from './responses.ts';

/** Every key of a record answer, in order. */
export const RECORD_KEYS: readonly string[] = [
  'record_key',
  'body',
  'precommit_body',
  'version',
  'is_encrypted',
  'created_at',
  'updated_at',
  'expires_at',
  'profile_key',
  'parent_key',
  ...Array.from({ length: 5 }, (_, index) => `service_key${index + 1}`),
  ...Array.from({ length: 20 }, (_, index) => `key${index + 1}`),
  ...Array.from({ length: 10 }, (_, index) => `range_key${index + 1}`),
  'attachments',
];

/** A record as the server answers it. */
export type WireRecord = Record<string, unknown> & {
  record_key: string;
  created_at: string;
  updated_at: string;
};

/**
 * A client-style hashed record key (64 hex), as the SDKs send.
 *
 * @param name Any text.
 * @returns SHA-256 hex of it.
 */
export function hashedKey(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/**
 * Checks a record answer has the full read shape and its dates the wire format.
 *
 * @param record The answer.
 */
export function expectFullRecord(record: unknown): asserts record is WireRecord {
  const wire = record as WireRecord;
  expect(Object.keys(wire)).toEqual(RECORD_KEYS);
  expect(wire.created_at).toMatch(WIRE_DATE);
  expect(wire.updated_at).toMatch(WIRE_DATE);
  if (wire.expires_at !== null) expect(wire.expires_at).toMatch(WIRE_DATE);
  expect(Number.isInteger(wire.version)).toBe(true);
  expect(Array.isArray(wire.attachments)).toBe(true);
}
