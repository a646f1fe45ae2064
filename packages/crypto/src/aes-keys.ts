import { StorageCryptoError } from '@residency/errors';
import type { ResolvedKeyReuse } from './cipher-options.ts';
import { SALT_LENGTH } from './ciphertext-format.ts';
import type { CryptoBackend } from './crypto-backend.ts';
import { tryBase64Decode, utf8Encode } from './encoding.ts';
import { KeyCache } from './key-cache.ts';
import type { Secret } from './secret.ts';
import { binaryString, secretFingerprint } from './secret-fingerprint.ts';

/** PBKDF2-HMAC-SHA512 iterations of the InCountry formats (protocol.md §6.6). */
const PBKDF2_ITERATIONS = 10_000;
/** AES-256: 32 key bytes, derived or raw. */
const KEY_LENGTH = 32;

/** Options of `AesKeys`. */
export interface AesKeysOptions {
  /** The backend, resolved on first use. */
  readonly backend: () => CryptoBackend;
  /** Writer key reuse bounds, or `false` for a fresh salt and derivation per message. */
  readonly keyReuse: ResolvedKeyReuse | false;
  /** The LRU capacity of the decryption key cache. */
  readonly cacheSize: number;
  /** The clock, in milliseconds. */
  readonly now: () => number;
}

/** A salt and the key to encrypt one message with. */
export interface MessageKey {
  /** The 64 salt bytes to embed in the ciphertext. */
  readonly salt: Uint8Array;
  /** The backend key handle: derived from the salt, or the raw key. */
  readonly key: Promise<unknown>;
}

interface WriterKey extends MessageKey {
  readonly id: string;
  readonly createdAt: number;
  messages: number;
}

async function deriveKey(
  backend: CryptoBackend,
  secret: Secret,
  salt: Uint8Array,
): Promise<unknown> {
  const password = utf8Encode(secret.secret);
  const bytes = await backend.pbkdf2Sha512(password, salt, PBKDF2_ITERATIONS, KEY_LENGTH);
  password.fill(0);
  try {
    return await backend.importAesKey(bytes);
  } finally {
    bytes.fill(0);
  }
}

async function importRawKey(backend: CryptoBackend, secret: Secret): Promise<unknown> {
  const bytes = tryBase64Decode(secret.secret);
  if (bytes?.length !== KEY_LENGTH) {
    throw new StorageCryptoError(
      `Secret version ${secret.version} is flagged isKey but is not the base64 of 32 bytes`,
    );
  }
  try {
    return await backend.importAesKey(bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * Finds the AES key of each message: raw keys imported once; password keys derived with PBKDF2
 * once per salt and kept in a bounded LRU keyed by (version, fingerprint of the secret, salt);
 * the writer reuses one salt and key within the `keyReuse` bounds. Concurrent callers needing
 * the same key share one derivation.
 */
export class AesKeys {
  readonly #options: AesKeysOptions;
  readonly #cache: KeyCache<unknown>;
  #writer: WriterKey | undefined;

  /**
   * Creates an empty key store.
   *
   * @param options The backend, reuse bounds, cache size and clock.
   */
  constructor(options: AesKeysOptions) {
    this.#options = options;
    this.#cache = new KeyCache(options.cacheSize);
  }

  /** How many keys the decryption cache holds (or is deriving) now. */
  get cachedKeyCount(): number {
    return this.#cache.size;
  }

  /**
   * Picks the salt and key for one new message.
   *
   * @param secret The current secret, a password or a raw key.
   * @returns The salt to embed and the key to encrypt with.
   */
  forEncryption(secret: Secret): MessageKey {
    const backend = this.#options.backend();
    const keyReuse = this.#options.keyReuse;
    if (!secret.isKey && keyReuse !== false) return this.#reserveWriterKey(secret, keyReuse);
    const salt = backend.randomBytes(SALT_LENGTH);
    // A raw key ignores the salt, which is still random, as the official SDKs write it.
    const key = secret.isKey ? this.#rawKey(secret) : deriveKey(backend, secret, salt);
    return { salt, key };
  }

  /**
   * Finds the key a message was encrypted with.
   *
   * @param secret The secret of the record's version.
   * @param salt The salt embedded in the ciphertext.
   * @returns The key handle.
   */
  forDecryption(secret: Secret, salt: Uint8Array): Promise<unknown> {
    return secret.isKey ? this.#rawKey(secret) : this.#derivedKey(secret, salt);
  }

  #fingerprint(secret: Secret): string {
    return `${secret.version}:${secretFingerprint(secret, this.#options.backend())}`;
  }

  #rawKey(secret: Secret): Promise<unknown> {
    const id = `k${this.#fingerprint(secret)}`;
    return this.#cache.getOrCreate(id, () => importRawKey(this.#options.backend(), secret));
  }

  #derivedKey(secret: Secret, salt: Uint8Array): Promise<unknown> {
    const id = `p${this.#fingerprint(secret)}:${binaryString(salt)}`;
    return this.#cache.getOrCreate(id, () => deriveKey(this.#options.backend(), secret, salt));
  }

  #reserveWriterKey(secret: Secret, bounds: ResolvedKeyReuse): MessageKey {
    const id = this.#fingerprint(secret);
    const now = this.#options.now();
    const writer = this.#writer;
    if (
      writer !== undefined &&
      writer.id === id &&
      writer.messages < bounds.maxMessages &&
      now - writer.createdAt < bounds.maxAgeMs
    ) {
      // Counted when reserved, not when done, so concurrent encrypts never overshoot the bound.
      writer.messages++;
      return writer;
    }
    const salt = this.#options.backend().randomBytes(SALT_LENGTH);
    const next: WriterKey = {
      id,
      salt,
      key: this.#derivedKey(secret, salt),
      createdAt: now,
      messages: 1,
    };
    this.#writer = next;
    next.key.catch(() => {
      if (this.#writer === next) this.#writer = undefined;
    });
    return next;
  }
}
