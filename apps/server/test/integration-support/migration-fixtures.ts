// What the key-rotation integration tests share: an application's secrets before and after a
// rotation, records written in batches, a whole country read back page by page (what decrypts,
// what does not, at which version), the versions the server holds, and a hook that lets a user
// write land between a migration's read and its write, deterministically.

import { randomBytes } from 'node:crypto';
import {
  type FindError,
  type Record as FoundRecord,
  type RecordInput,
  SecretKeyAccessor,
  type Storage,
} from '@residency/sdk';
import { vi } from 'vitest';
import type { RawClient } from './raw-http.ts';

/** An application's secrets around one rotation. */
export interface RotationSecrets {
  /** Before the rotation: version 1 only, current 1 (what an instance not yet rotated has). */
  readonly before: SecretKeyAccessor;
  /** After it: versions 1 and 2, current 2. */
  readonly rotated: SecretKeyAccessor;
  /** Once the old version is retired: version 2 only, current 2. */
  readonly retired: SecretKeyAccessor;
}

const randomKey = (): string => randomBytes(32).toString('base64');

/**
 * The secrets of one rotation from version 1 to version 2.
 * @param secrets The two secrets; default two fresh random raw keys.
 * @param isKey Whether they are raw keys (default) or passwords.
 * @returns The accessors before, after, and once version 1 is retired.
 */
export function rotationSecrets(
  secrets: readonly [string, string] = [randomKey(), randomKey()],
  isKey = true,
): RotationSecrets {
  const first = { secret: secrets[0], version: 1, isKey };
  const second = { secret: secrets[1], version: 2, isKey };
  return {
    before: new SecretKeyAccessor({ currentVersion: 1, secrets: [first] }),
    rotated: new SecretKeyAccessor({ currentVersion: 2, secrets: [first, second] }),
    retired: new SecretKeyAccessor({ currentVersion: 2, secrets: [second] }),
  };
}

/**
 * A secret unrelated to any other, under a chosen version label.
 * @param version The version it claims.
 * @returns An accessor with that one secret, current.
 */
export function unrelatedSecret(version: number): SecretKeyAccessor {
  return new SecretKeyAccessor({
    currentVersion: version,
    secrets: [{ secret: randomKey(), version, isKey: true }],
  });
}

/**
 * Numbered records with a JSON body, a search key and a range key.
 * @param prefix The record keys' prefix: `<prefix>-<n>`.
 * @param count How many.
 * @returns The records, numbered from 0.
 */
export function numberedRecords(prefix: string, count: number): RecordInput[] {
  return Array.from({ length: count }, (_, index) => ({
    recordKey: `${prefix}-${index}`,
    body: JSON.stringify({ name: `${prefix} ${index}`, city: `city-${index % 7}` }),
    key1: `group-${index % 10}`,
    rangeKey1: index,
  }));
}

/**
 * Writes records in batches, one after the other.
 * @param storage The writer.
 * @param country The country.
 * @param records The records.
 * @param batchSize Records per `batchWrite`; default 100, the largest.
 */
export async function writeInBatches(
  storage: Storage,
  country: string,
  records: readonly RecordInput[],
  batchSize = 100,
): Promise<void> {
  for (let start = 0; start < records.length; start += batchSize) {
    await storage.batchWrite(country, records.slice(start, start + batchSize));
  }
}

/** A whole country as one storage reads it. */
export interface CountryScan {
  /** The records that decrypted, by record key. */
  readonly records: Map<string, FoundRecord>;
  /** The records that did not. */
  readonly errors: FindError[];
}

/**
 * Reads every record of a country with `find`, 100 at a time, in the server's fixed order
 * (creation, then stored key). Nothing may write meanwhile.
 * @param storage The reader, with its secrets.
 * @param country The country.
 * @returns What decrypted and what did not.
 */
export async function scanCountry(storage: Storage, country: string): Promise<CountryScan> {
  const records = new Map<string, FoundRecord>();
  const errors: FindError[] = [];
  let total = Number.POSITIVE_INFINITY;
  let offset = 0;
  while (offset < total) {
    const page = await storage.find(country, {}, { limit: 100, offset });
    total = page.meta.total;
    for (const record of page.records) records.set(record.recordKey, record);
    errors.push(...(page.errors ?? []));
    if (page.meta.count === 0) break;
    offset += page.meta.count;
  }
  return { records, errors };
}

/**
 * Counts the records of a country on the server by stored `version`, over raw HTTP.
 * @param client The environment's raw client.
 * @param country The country.
 * @param version The version to count.
 * @returns How many records have it, and how many have another (or none).
 */
export async function countByVersion(
  client: RawClient,
  country: string,
  version: number,
): Promise<{ at: number; other: number }> {
  const total = async (filter: unknown): Promise<number> => {
    const response = await client.send('POST', `/v2/storage/records/${country}/find`, {
      filter,
      options: { limit: 1 },
    });
    if (response.status !== 200) throw new Error(`find answered ${response.status}`);
    return ((await response.json()) as { meta: { total: number } }).meta.total;
  };
  return { at: await total({ version }), other: await total({ version: { $not: version } }) };
}

/**
 * Runs `action` once, just before the first conditional batch write (the one migration sends,
 * each record with `expected_updated_at`) leaves this process: a user's write then lands
 * exactly between the migration's read and its write. Spies on the global `fetch` the SDK's
 * transport calls; vitest's `restoreMocks` removes the spy after the test.
 * @param action Receives the stored keys of that batch, in its order.
 * @returns Whether the action ran.
 */
export function beforeFirstMigrationWrite(
  action: (storedKeys: string[]) => Promise<void>,
): () => boolean {
  const send = globalThis.fetch;
  let fired = false;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!fired && request.method === 'POST' && request.url.endsWith('/batchWrite')) {
      const body = (await request.clone().json()) as {
        records: { record_key: string; expected_updated_at?: string }[];
      };
      if (body.records.some((record) => record.expected_updated_at !== undefined)) {
        fired = true;
        await action(body.records.map((record) => record.record_key));
      }
    }
    return send(request);
  });
  return () => fired;
}
