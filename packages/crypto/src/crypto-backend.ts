/** A value now or later: backends answer synchronously where their platform allows it. */
export type MaybePromise<Value> = Value | Promise<Value>;

/**
 * The primitives the cipher needs, implemented once per platform: `nodeBackend` (node:crypto,
 * Node entry only), `webCryptoBackend` (`crypto.subtle`) and `nobleBackend` (pure JavaScript).
 * Exported so tests and users can force one; the entries pick a default.
 *
 * Every method may throw or reject with the platform's own error; the cipher maps those to
 * `StorageCryptoError` at its boundary, so backends never need to.
 *
 * @typeParam Key The backend's prepared AES key (a `CryptoKey`, a `KeyObject`, key bytes): made
 *   once by `importAesKey` and cached by the cipher, so a key is imported once, not per message.
 */
export interface CryptoBackend<Key = unknown> {
  /** A short name for diagnostics and benchmarks: `node`, `webcrypto`, `noble`. */
  readonly name: string;
  /**
   * Derives key bytes with PBKDF2-HMAC-SHA512 (RFC 8018 §5.2).
   *
   * @param password The password bytes (UTF-8 of the secret).
   * @param salt The salt bytes.
   * @param iterations The iteration count.
   * @param length The number of bytes to derive.
   * @returns The derived bytes.
   */
  pbkdf2Sha512(
    password: Uint8Array,
    salt: Uint8Array,
    iterations: number,
    length: number,
  ): Promise<Uint8Array>;
  /**
   * Prepares a 32-byte AES-256 key for `aesGcmEncrypt` and `aesGcmDecrypt`.
   *
   * @param key The 32 key bytes.
   * @returns The backend's key handle.
   */
  importAesKey(key: Uint8Array): MaybePromise<Key>;
  /**
   * Encrypts with AES-256-GCM, no associated data, a 16-byte tag.
   *
   * @param key A handle from `importAesKey`.
   * @param iv The 12-byte nonce; never repeat one under the same key.
   * @param plaintext The bytes to encrypt.
   * @returns The ciphertext followed by the 16-byte tag.
   */
  aesGcmEncrypt(key: Key, iv: Uint8Array, plaintext: Uint8Array): MaybePromise<Uint8Array>;
  /**
   * Decrypts and authenticates AES-256-GCM output, no associated data, a 16-byte tag.
   *
   * @param key A handle from `importAesKey`.
   * @param iv The 12-byte nonce used to encrypt.
   * @param sealed The ciphertext followed by the 16-byte tag.
   * @returns The plaintext bytes.
   * @throws When the tag does not verify: the platform's own error.
   */
  aesGcmDecrypt(key: Key, iv: Uint8Array, sealed: Uint8Array): MaybePromise<Uint8Array>;
  /**
   * Hashes with SHA-256, synchronously (filters are built synchronously).
   *
   * @param data The bytes to hash.
   * @returns The 32-byte digest.
   */
  sha256(data: Uint8Array): Uint8Array;
  /**
   * Makes cryptographically secure random bytes.
   *
   * @param length How many bytes.
   * @returns Fresh random bytes.
   */
  randomBytes(length: number): Uint8Array;
}
