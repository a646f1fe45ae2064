// The records of the server bench, as the facade SDK makes them: a raw-key secret (a KMS data
// key, no PBKDF2), key1..key20 in plain text (`hashSearchKeys: false`) so the bulk loaded with
// SQL can reuse store-bench-data's key values and still be found through the SDK, and bodies
// encrypted by the SDK's own codec so every find decrypts what it returns.

import { randomBytes } from 'node:crypto';
import { Cipher } from '@residency/crypto';
import type { ApiRecord } from '@residency/protocol';
import { type RecordInput, SecretKeyAccessor } from '@residency/sdk';
import { RecordCodec } from '@residency/storage';
import { recordFromWire } from '../src/records/record-from-wire.ts';
import type { RecordWrite } from '../src/store/index.ts';

/** The secret version the bench writes with. */
export const BENCH_SECRET_VERSION = 1;

/**
 * A raw-key secret: 32 random bytes, base64, `isKey` (as the brief's bench secret).
 * @returns The accessor.
 */
export function rawKeySecrets(): SecretKeyAccessor {
  return new SecretKeyAccessor({
    currentVersion: BENCH_SECRET_VERSION,
    secrets: [
      { secret: randomBytes(32).toString('base64'), version: BENCH_SECRET_VERSION, isKey: true },
    ],
  });
}

/**
 * The SDK's record codec with the bench's settings: what `createStorage` builds inside.
 * @param environmentId The environment, the salt of the key hashes.
 * @param secrets The secrets.
 * @returns The codec.
 */
export function benchCodec(environmentId: string, secrets: SecretKeyAccessor): RecordCodec {
  return new RecordCodec({
    environmentId,
    hashSearchKeys: false,
    cipher: new Cipher({ secrets }),
  });
}

/**
 * The index-th record of the write benchmark, shaped as the SDK README's codec bench: a record
 * key, a profile key, three search keys, a service key, a range key and a 221-byte JSON body.
 * @param index The record's number; `run` keeps runs apart.
 * @param run A label of the run.
 * @returns The record.
 */
export function writeBenchRecord(index: number, run: string): RecordInput {
  const body = JSON.stringify({
    name: `Customer ${index}`,
    email: `customer-${index}@example.com`,
    address: { street: `${index} Long Street`, city: 'Berlin', postcode: '10115' },
    orders: [index, index + 1, index + 2],
    note: 'x'.repeat(64),
  });
  return {
    recordKey: `${run}-record-${index}`,
    body: body.padEnd(221, ' '),
    profileKey: `${run}-profile-${Math.floor(index / 10)}`,
    key1: `key1-${index}`,
    key2: `key2-${index % 100}`,
    key3: 'bench',
    serviceKey1: 'service',
    rangeKey1: index,
  };
}

/**
 * Encodes records with the codec, as `batchWrite` does before sending.
 * @param codec The codec.
 * @param records The records.
 * @returns The wire records.
 */
export function encodeAll(
  codec: RecordCodec,
  records: readonly RecordInput[],
): Promise<ApiRecord[]> {
  return Promise.all(records.map((record) => codec.encode(record)));
}

/**
 * Converts wire records to what the store writes, as the server does on a write.
 * @param records Encoded records.
 * @returns The store's writes.
 */
export function toStoreWrites(records: readonly ApiRecord[]): RecordWrite[] {
  return records.map((record) => recordFromWire(record));
}

/**
 * The body of every bulk record of the find benchmark: one body the SDK encrypted, so that finds
 * through the SDK decrypt real ciphertext.
 * @param codec The codec of the environment the bulk goes to.
 * @returns The encrypted body.
 */
export async function bulkBody(codec: RecordCodec): Promise<string> {
  const template = await codec.encode({ recordKey: 'bulk-template', body: 'x'.repeat(221) });
  if (typeof template.body !== 'string') throw new Error('the codec wrote no body');
  return template.body;
}
