import { randomUUID } from 'node:crypto';
import type { RecordWrite } from '../../src/store/index.ts';

const STRING_KEYS = [
  'profile_key',
  'parent_key',
  ...Array.from({ length: 5 }, (_, index) => `service_key${index + 1}`),
  ...Array.from({ length: 20 }, (_, index) => `key${index + 1}`),
];
const RANGE_KEYS = Array.from({ length: 10 }, (_, index) => `range_key${index + 1}`);

/**
 * A record to write: every field null but the key and a body, then the overrides.
 * @param recordKey The record's key.
 * @param overrides Fields to set.
 * @returns The record.
 */
export function makeRecord(recordKey: string, overrides: Partial<RecordWrite> = {}): RecordWrite {
  const record: Record<string, unknown> = {
    record_key: recordKey,
    body: `body of ${recordKey}`,
    precommit_body: null,
    version: 0,
    is_encrypted: true,
    expires_at: null,
  };
  for (const field of STRING_KEYS) record[field] = null;
  for (const field of RANGE_KEYS) record[field] = null;
  return { ...(record as RecordWrite), ...overrides };
}

/**
 * A fresh environment name, so tests sharing one database never see each other's records.
 * @returns The name.
 */
export function newEnvironment(): string {
  return `env-${randomUUID()}`;
}
