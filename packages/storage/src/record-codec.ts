import { hashKey } from '@residency/crypto';
import { InputValidationError, StorageCryptoError } from '@residency/errors';
import {
  ALWAYS_HASHED_FIELDS,
  type ApiRecord,
  KEY_FIELDS,
  SEARCH_KEY_FIELDS,
  type ServerRecord,
} from '@residency/protocol';
import { EncryptionType } from './encryption-type.ts';
import type { Record, RecordData } from './record.ts';
import {
  type RecordCipher,
  type RecordCodecOptions,
  type ResolvedRecordCodecOptions,
  resolveRecordCodecOptions,
} from './record-codec-options.ts';
import {
  type EnvelopeMeta,
  formatEnvelope,
  parseEnvelope,
  type ReadEnvelopeMeta,
} from './record-envelope.ts';
import { toRecordField } from './record-fields.ts';
import { fromServerRecord, type WritableRecord } from './record-from-wire.ts';
import {
  checkAnsweredKey,
  checkEnvelopeKeys,
  checkPlaintext,
  type DecodeOptions,
  missingRecordKey,
} from './record-integrity.ts';
import { copyPlainFields, readKeys, readText, sseWire, type WireFields } from './record-to-wire.ts';

const ALWAYS_HASHED = new Set<string>(ALWAYS_HASHED_FIELDS);
const SEARCH_KEYS = new Set<string>(SEARCH_KEY_FIELDS);

/** How many times `encode` re-encrypts when the secret rotates between body and precommit. */
const MAX_VERSION_RETRIES = 2;

/**
 * Turns records into what the storage API stores and back (protocol.md §5, §6): hashes the keys
 * (salted with the environment id, lowercased first with `normalizeKeys`), wraps the body in the
 * seed's envelope and encrypts it, encrypts the precommit body, and reverses all of it on read.
 * `SSE` sends and reads records as they are; `OFF` hashes keys and writes `pt:` bodies.
 *
 * @example
 * ```ts
 * const codec = new RecordCodec({ environmentId: 'env', cipher: new Cipher({ secrets }) });
 * const wire = await codec.encode({ recordKey: 'user-1', body: '{"name":"Ada"}' });
 * const record = await codec.decode(serverRecord);
 * ```
 */
export class RecordCodec {
  readonly #options: ResolvedRecordCodecOptions;

  /**
   * Creates a codec.
   *
   * @param options Environment id, encryption type, `normalizeKeys`, `hashSearchKeys`, cipher.
   * @throws {StorageConfigValidationError} When an option is invalid, or `LOCAL` has no cipher.
   */
  constructor(options: RecordCodecOptions) {
    this.#options = resolveRecordCodecOptions(options);
  }

  /** The options in force, with the defaults applied. */
  get options(): ResolvedRecordCodecOptions {
    return this.#options;
  }

  /**
   * Hashes one value as records store that field, so find filters and URL paths match writes:
   * `record_key`, `profile_key`, `parent_key`, `service_key1..5` hashed (after lowercasing with
   * `normalizeKeys`); `key1..20` hashed with `hashSearchKeys`, else returned (lowercased with
   * `normalizeKeys`); any other field, and every field in SSE mode, returned unchanged.
   *
   * @param field A snake_case wire field, e.g. `record_key`.
   * @param value The value to match.
   * @returns The value as stored.
   * @throws {InputValidationError} When `value` is not a string.
   * @example
   * ```ts
   * const filter = { record_key: codec.hashKeyField('record_key', 'user-1') };
   * ```
   */
  hashKeyField(field: string, value: string): string {
    const { encryption, environmentId, normalizeKeys, hashSearchKeys } = this.#options;
    if (typeof value !== 'string') {
      throw new InputValidationError(`The value of ${field} must be a string`, { path: field });
    }
    if (encryption === EncryptionType.SSE) return value;
    const hashed = ALWAYS_HASHED.has(field) || (hashSearchKeys && SEARCH_KEYS.has(field));
    if (hashed) return hashKey(value, environmentId, { normalize: normalizeKeys });
    if (SEARCH_KEYS.has(field) && normalizeKeys) return value.toLowerCase();
    return value;
  }

  /**
   * Builds the wire record to POST. LOCAL and OFF: string keys lowercased with `normalizeKeys`,
   * then hashed (search keys only with `hashSearchKeys`); the body sent as the encrypted
   * envelope `{"meta": {…}, "payload": body}`, `meta` holding every key with a value, after
   * lowercasing (the seed's layout); `precommit_body` encrypted on its own; `version` the
   * secret's; `is_encrypted` `false` only for a `pt:` body (the seed's rule, so `true` for
   * LOCAL, `false` for OFF); range keys and `expires_at` (ISO, `Z`) plain; nulls dropped.
   * SSE: the record as it is, snake_cased, nulls dropped.
   *
   * @param record The record to write.
   * @returns The wire record.
   * @throws {InputValidationError} When a field has the wrong type or `expiresAt` is no date.
   * @throws {StorageCryptoError} When encryption fails.
   * @throws {SecretsValidationError | SecretsProviderError} From the secrets, unchanged.
   */
  async encode(record: RecordData): Promise<ApiRecord> {
    if (this.#options.encryption === EncryptionType.SSE) return sseWire(record);
    const keys = readKeys(record, this.#options.normalizeKeys);
    const fields: WireFields = {};
    for (const [field, value] of keys) fields[field] = this.#storedKey(field, value);
    copyPlainFields(record, fields);
    const meta = Object.fromEntries(keys) as EnvelopeMeta;
    const envelope = formatEnvelope(meta, readText(record, 'body'));
    const sealed = await this.#seal(envelope, readText(record, 'precommit_body'));
    return {
      ...fields,
      body: sealed.body,
      ...(sealed.precommit === null ? {} : { precommit_body: sealed.precommit }),
      version: sealed.version,
      is_encrypted: !sealed.body.startsWith('pt:'),
    } as ApiRecord;
  }

  /**
   * Reads a server record back, checking it is the record its body was written for. LOCAL and
   * OFF: decrypts `body` with the record's `version` (the current secret when null); `body`
   * becomes the envelope's `payload` and every string in `meta` restores its key field over the
   * stored hash (a legacy `meta.key` restores `recordKey`), once every key in `meta` is found to
   * hash (lowercased first with `normalizeKeys`) to the stored one; `precommit_body` is
   * decrypted too. In LOCAL mode a `pt:` body or precommit body is refused unless plaintext is
   * accepted (`acceptPlaintextBodies`). SSE: the record as it is. Every mode: with
   * `expectedRecordKey`, the server's `record_key` must be it. Dates become `Date`s.
   *
   * @param server A server record, validated with `ServerRecordSchema`.
   * @param options `expectedRecordKey` (what `read` asked for) and `acceptPlaintextBodies` (for
   *   this call; default the codec's).
   * @returns The record.
   * @throws {StorageCryptoError} When decryption fails (wrong secret, altered ciphertext, a
   *   non-`pt:` body without secrets); when the record fails the integrity check: a key that
   *   does not match the envelope's, a body that carries no record key (absent, empty, or not
   *   an envelope), another `record_key` than expected, a `pt:` body refused in LOCAL mode.
   * @throws {StorageServerResponseValidationError} When the decrypted envelope is invalid.
   * @throws {SecretsValidationError | SecretsProviderError} From the secrets, e.g. an unknown
   *   `version`.
   */
  async decode(server: ServerRecord, options: DecodeOptions = {}): Promise<Record> {
    checkAnsweredKey(server, options);
    const record = fromServerRecord(server);
    const { encryption, acceptPlaintextBodies } = this.#options;
    if (encryption === EncryptionType.SSE) return record;
    checkPlaintext(server, encryption, options.acceptPlaintextBodies ?? acceptPlaintextBodies);
    if (typeof server.body !== 'string' || server.body === '') throw missingRecordKey();
    const cipher = this.#options.cipher as RecordCipher;
    const version = server.version ?? null;
    const parsed = parseEnvelope(await cipher.decrypt(server.body, version));
    if (parsed.kind === 'text') throw missingRecordKey();
    checkEnvelopeKeys(server, parsed.meta, this.#options);
    restoreKeys(record, parsed.meta);
    record.body = parsed.payload;
    if (typeof server.precommit_body === 'string' && server.precommit_body !== '') {
      record.precommitBody = await cipher.decrypt(server.precommit_body, version);
    }
    return record;
  }

  #storedKey(field: string, value: string): string {
    const { environmentId, hashSearchKeys } = this.#options;
    const hashed = ALWAYS_HASHED.has(field) || hashSearchKeys;
    // Already lowercased by readKeys when normalizing.
    return hashed ? hashKey(value, environmentId) : value;
  }

  async #seal(envelope: string, precommit: string | null) {
    const cipher = this.#options.cipher as RecordCipher;
    for (let attempt = 0; ; attempt++) {
      const [body, sealedPrecommit] = await Promise.all([
        cipher.encrypt(envelope),
        precommit === null ? undefined : cipher.encrypt(precommit),
      ]);
      // Both must be readable with the one `version` the record stores (protocol.md §6.5).
      if (sealedPrecommit === undefined || sealedPrecommit.version === body.version) {
        return {
          body: body.ciphertext,
          precommit: sealedPrecommit?.ciphertext ?? null,
          version: body.version,
        };
      }
      if (attempt >= MAX_VERSION_RETRIES) {
        throw new StorageCryptoError(
          'The current secret version changed while encrypting the body and the precommit body',
        );
      }
    }
  }
}

function restoreKeys(record: WritableRecord, meta: ReadEnvelopeMeta): void {
  const fields = record as unknown as { [name: string]: unknown };
  if (typeof meta.key === 'string') record.recordKey = meta.key;
  for (const field of KEY_FIELDS) {
    const value = meta[field];
    if (typeof value === 'string') fields[toRecordField(field) as string] = value;
  }
}
