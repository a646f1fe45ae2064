// The read-side integrity check of the codec (issue 14). The InCountry ciphertext has no
// associated data, so a ciphertext is not bound to the record it sits in: anyone holding an
// environment token could copy alice's body onto bob's record, and `read('us', 'bob')` returned
// alice's body with `recordKey: 'alice'`. What binds them is the body envelope: its `meta` holds
// the original keys (protocol.md §6.4), sealed with the body. So, after decrypting, every key the
// envelope carries must hash (salted, lowercased first with `normalizeKeys`, as writes hash it)
// to the key the server stored, and a body that carries no record key is refused. In LOCAL
// mode a `pt:` body (anyone can write one) is refused unless the storage accepts plaintext.

import { hashKey } from '@residency/crypto';
import { StorageCryptoError } from '@residency/errors';
import { ALWAYS_HASHED_FIELDS, KEY_FIELDS, type ServerRecord } from '@residency/protocol';
import { EncryptionType } from './encryption-type.ts';
import type { ReadEnvelopeMeta } from './record-envelope.ts';

/** Options of one `RecordCodec.decode`. */
export interface DecodeOptions {
  /**
   * The stored key the record was asked for (`read`: the hash, the raw key in SSE mode): the
   * server's `record_key` must be it, or the server answered with another record.
   */
  readonly expectedRecordKey?: string | undefined;
  /**
   * Read `pt:` (unencrypted) bodies in LOCAL mode for this call; default the codec's
   * `acceptPlaintextBodies`. Migrations set it: they are how `pt:` records become encrypted.
   */
  readonly acceptPlaintextBodies?: boolean | undefined;
}

/** What the check needs of the codec's options. */
export interface IntegrityRules {
  readonly environmentId: string;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
}

const ALWAYS_HASHED = new Set<string>(ALWAYS_HASHED_FIELDS);
const OTHER_KEYS = new Set<string>(KEY_FIELDS.filter((field) => field !== 'record_key'));
const HASH_LENGTH = 64;
const NORMALIZE = Object.freeze({ normalize: true });
const PLAINTEXT_TAG = 'pt:';

function mismatch(field: string): StorageCryptoError {
  return new StorageCryptoError(
    `The record's ${field} does not match the one sealed in its body: the stored record was altered or belongs to another record`,
  );
}

/**
 * Refuses an answer that is not the record asked for.
 *
 * @param server The server record.
 * @param options The decode options; only `expectedRecordKey` matters.
 * @throws {StorageCryptoError} The server's `record_key` is another one.
 */
export function checkAnsweredKey(server: ServerRecord, options: DecodeOptions): void {
  const expected = options.expectedRecordKey;
  if (expected !== undefined && server.record_key !== expected) throw mismatch('record_key');
}

/**
 * Refuses `pt:` bodies (and precommit bodies) in LOCAL mode unless plaintext is accepted: a
 * `pt:` body is base64, not encrypted, so anyone who can write to the storage can forge one.
 *
 * @param server The server record.
 * @param encryption The codec's mode; OFF reads `pt:` as its own format.
 * @param accept Whether plaintext bodies are accepted for this call.
 * @throws {StorageCryptoError} A LOCAL record holds a `pt:` body or precommit body.
 */
export function checkPlaintext(
  server: ServerRecord,
  encryption: EncryptionType,
  accept: boolean,
): void {
  if (encryption !== EncryptionType.LOCAL || accept) return;
  const plain = [server.body, server.precommit_body].some(
    (text) => typeof text === 'string' && text.startsWith(PLAINTEXT_TAG),
  );
  if (plain) {
    throw new StorageCryptoError(
      'The record is not encrypted (a "pt:" body) and this storage encrypts: anyone who can write to the storage could have written it. Create the storage with acceptPlaintextBodies: true to read such records, or migrate them',
    );
  }
}

/** Tells whether a stored value is what a write of `original` stores in `field`. */
function matches(field: string, original: string, stored: unknown, rules: IntegrityRules): boolean {
  if (typeof stored !== 'string') return false;
  const { environmentId, normalizeKeys, hashSearchKeys } = rules;
  // key1..key20 may be stored hashed or plain, by the writer's `hashSearchKeys` (Python's meta
  // always holds them, hashed or not): the plain comparison first where it is the likely one.
  if (!ALWAYS_HASHED.has(field) && !hashSearchKeys) {
    if ((normalizeKeys ? original.toLowerCase() : original) === stored) return true;
  }
  // A hash is 64 hex characters: anything else cannot be one, so skip hashing it.
  if (stored.length === HASH_LENGTH) {
    const options = normalizeKeys ? NORMALIZE : undefined;
    if (hashKey(original, environmentId, options) === stored) return true;
  }
  if (ALWAYS_HASHED.has(field) || !hashSearchKeys) return false;
  return (normalizeKeys ? original.toLowerCase() : original) === stored;
}

/**
 * Checks the keys an envelope carries against the stored record (see the file comment): the
 * record key (`meta.record_key`, else the legacy `meta.key`) must be there and match; every
 * other key the envelope names must match, an explicit `null` matching only no stored value.
 * Keys the envelope leaves out are not checked (the Node SDK leaves plain `key1`..`key20` out).
 *
 * @param server The server record.
 * @param meta The decrypted envelope's `meta`.
 * @param rules Environment id, `normalizeKeys`, `hashSearchKeys`.
 * @throws {StorageCryptoError} No record key in the envelope, or a key does not match; the
 *   message names the field, never a value.
 */
export function checkEnvelopeKeys(
  server: ServerRecord,
  meta: ReadEnvelopeMeta,
  rules: IntegrityRules,
): void {
  const recordKey = typeof meta.record_key === 'string' ? meta.record_key : meta.key;
  if (typeof recordKey !== 'string') throw missingRecordKey();
  if (!matches('record_key', recordKey, server.record_key, rules)) throw mismatch('record_key');
  const stored = server as unknown as { readonly [field: string]: unknown };
  const sealed = meta as { readonly [field: string]: string | null | undefined };
  // The envelope's own fields, not all 28: most records carry a few keys.
  for (const field of Object.keys(sealed)) {
    if (field === 'record_key' || !OTHER_KEYS.has(field)) continue;
    const original = sealed[field];
    if (original === undefined) continue;
    const value = stored[field] ?? null;
    const same = original === null ? value === null : matches(field, original, value, rules);
    if (!same) throw mismatch(field);
  }
}

/**
 * The error for a record whose body cannot vouch for its key: no body, a body that is not an
 * envelope, or an envelope without `meta.record_key`. Every InCountry SDK writes one.
 *
 * @returns The error.
 */
export function missingRecordKey(): StorageCryptoError {
  return new StorageCryptoError(
    "The record's body carries no record key (it is missing, or not the SDKs' envelope), so it cannot be checked against the stored key",
  );
}
