/**
 * A user-supplied cipher (the seed's `custom_encryption_configs` item). Its output is stored as
 * `c<base64(version)>:<base64(UTF-8(output))>` (protocol.md §6.8, the Python framing, which
 * survives a `:` in the output).
 */
export interface CustomEncryptionConfig {
  /**
   * Encrypts one string.
   *
   * @param input The plaintext.
   * @param key The bytes of the current `isForCustomEncryption` secret (its base64 decoded).
   * @param keyVersion That secret's version.
   * @returns The ciphertext, any string.
   */
  encrypt(input: string, key: Uint8Array, keyVersion: number): string | Promise<string>;
  /**
   * Decrypts what `encrypt` produced.
   *
   * @param input The ciphertext `encrypt` returned.
   * @param key The bytes of the secret of the record's version.
   * @param keyVersion That secret's version.
   * @returns The plaintext.
   */
  decrypt(input: string, key: Uint8Array, keyVersion: number): string | Promise<string>;
  /** Names this cipher in every ciphertext it makes; unique among the configs. */
  readonly version: string;
  /** Encrypt new data with this config; at most one config is current. */
  readonly isCurrent?: boolean;
}
