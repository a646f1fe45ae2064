// One record's migration, before any write: decrypt it with the secret of its version, encrypt
// it again with the current one, and make sure nothing but the body changes.

import {
  isStorageError,
  SecretsProviderError,
  StorageClientError,
  type StorageError,
} from '@residency/errors';
import { type ApiRecord, KEY_FIELDS, type ServerRecord } from '@residency/protocol';
import type { RecordCodec } from '@residency/storage';
import { toDecodeError } from '@residency/storage/internal';

/** A record ready to be written back, or why it cannot be. */
export type Reencoded =
  | { readonly ok: true; readonly record: ApiRecord }
  | { readonly ok: false; readonly error: StorageError };

const KEYS_CHANGED =
  'Re-encrypting this record would change its stored keys: this storage hashes or normalizes ' +
  'keys differently from the one that wrote it (normalizeKeys, hashSearchKeys)';

function sameKeys(server: ServerRecord, wire: ApiRecord): boolean {
  const stored = server as unknown as { readonly [field: string]: unknown };
  const sent = wire as unknown as { readonly [field: string]: unknown };
  return KEY_FIELDS.every((field) => (stored[field] ?? null) === (sent[field] ?? null));
}

function failure(error: unknown): Reencoded {
  // A secrets provider that fails (a vault down) fails every record alike: stop the run.
  if (error instanceof SecretsProviderError) throw error;
  return { ok: false, error: isStorageError(error) ? error : toDecodeError(error) };
}

/**
 * Re-encrypts a stored record with the current secret. The keys are hashed again from the
 * originals in the body's envelope, and must come out as stored: a record whose keys would
 * change (a writer with other `normalizeKeys` or `hashSearchKeys`, an envelope without its
 * keys) is refused rather than written under another key.
 *
 * @param codec The storage's codec.
 * @param server The record as found.
 * @returns The record to write, or the per-record failure.
 * @throws {SecretsProviderError} The secrets could not be had at all.
 */
export async function reencode(codec: RecordCodec, server: ServerRecord): Promise<Reencoded> {
  let wire: ApiRecord;
  try {
    // `pt:` bodies too: migrating is how the records of an OFF storage become encrypted. The
    // integrity check still applies: a body whose keys are not the record's is not re-sealed.
    wire = await codec.encode(await codec.decode(server, { acceptPlaintextBodies: true }));
  } catch (error) {
    return failure(error);
  }
  if (!sameKeys(server, wire)) return { ok: false, error: new StorageClientError(KEYS_CHANGED) };
  return { ok: true, record: wire };
}
