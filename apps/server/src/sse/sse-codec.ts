// Server-side encryption (protocol.md §5.3; `X-Encrypted-Storage: true`): the client sends
// plaintext records and raw keys, and the server does what the SDK does in LOCAL mode, with its
// own keys. Key fields are stored as `sse:` + HMAC-SHA256 hex under the environment's hash key —
// the prefix keeps them apart from clients' 64-hex hashes, and equality filters hash their
// operands the same way. `key1..20` stay in plain text when the environment allows plain search
// keys (so `$like`, `search_keys` and sorting work). Body, precommit body and the original key
// values go into one sealed envelope in `body` (sse-envelope.ts).

import { createHmac } from 'node:crypto';
import { isSearchField, STRING_KEY_FIELDS } from '../records/record-fields.ts';
import type { RecordWrite, StoredRecord } from '../store/index.ts';
import { openEnvelope, sealEnvelope } from './sse-envelope.ts';
import { deriveSseKeys, type SseKeys } from './sse-keys.ts';

/** The prefix of every key field stored by SSE; a non-SSE record key may not start with it. */
export const SSE_KEY_PREFIX = 'sse:';

/** Server-side encryption for one environment. */
export class SseCodec {
  /** The environment. */
  readonly environmentId: string;
  /** Whether `key1..20` are stored in plain text. */
  readonly plainSearchKeys: boolean;
  readonly #keys: SseKeys;

  /**
   * @param masterKey The server's SSE master key.
   * @param environmentId The environment.
   * @param plainSearchKeys Store `key1..20` in plain text.
   */
  constructor(masterKey: Uint8Array, environmentId: string, plainSearchKeys: boolean) {
    this.environmentId = environmentId;
    this.plainSearchKeys = plainSearchKeys;
    this.#keys = deriveSseKeys(masterKey, environmentId);
  }

  /**
   * Hashes one key value as SSE stores it.
   *
   * @param value The raw value.
   * @returns `sse:` + 64 hex characters.
   */
  hash(value: string): string {
    return SSE_KEY_PREFIX + createHmac('sha256', this.#keys.hashKey).update(value).digest('hex');
  }

  /**
   * Tells whether SSE stores a field's values hashed (and so hashes its filter operands).
   *
   * @param field A string key field, or `record_key`.
   * @returns `false` only for `key1..20` when plain search keys are allowed.
   */
  isHashed(field: string): boolean {
    return !(this.plainSearchKeys && isSearchField(field));
  }

  /**
   * Turns a plaintext record into what the store keeps.
   *
   * @param record The record as the client sent it.
   * @returns Hashed keys, the envelope in `body`, no `precommit_body`.
   */
  encode(record: RecordWrite): RecordWrite {
    const meta: { [field: string]: string } = { record_key: record.record_key };
    const stored: { [field: string]: unknown } = {
      ...record,
      record_key: this.hash(record.record_key),
    };
    for (const field of STRING_KEY_FIELDS) {
      const value = record[field];
      if (value === null || !this.isHashed(field)) continue;
      meta[field] = value;
      stored[field] = this.hash(value);
    }
    const recordKey = stored.record_key as string;
    stored.body = sealEnvelope(this.#keys.encryptionKey, this.environmentId, recordKey, {
      meta,
      body: record.body,
      precommit_body: record.precommit_body,
    });
    stored.precommit_body = null;
    return stored as RecordWrite;
  }

  /**
   * Turns a stored record back into what the SSE client wrote; a record not written through
   * SSE (no envelope this environment's key opens) is returned as stored.
   *
   * @param record The stored record.
   * @returns The plaintext record.
   */
  decode(record: StoredRecord): StoredRecord {
    if (record.body === null) return record;
    const content = openEnvelope(
      this.#keys.encryptionKey,
      this.environmentId,
      record.record_key,
      record.body,
    );
    if (content === undefined) return record;
    return {
      ...record,
      ...content.meta,
      body: content.body,
      precommit_body: content.precommit_body,
    } as StoredRecord;
  }
}
