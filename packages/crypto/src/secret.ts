/**
 * One secret as the crypto layer needs it: validated, with its flags resolved.
 * `@residency/secrets` produces these from secrets data (protocol.md §7).
 */
export interface Secret {
  /** The secret's version, an integer ≥ 0; written to each record as `version`. */
  readonly version: number;
  /**
   * The secret itself: a password (PBKDF2 input, UTF-8), or when `isKey` the base64 of exactly
   * 32 key bytes, or when `isForCustomEncryption` the base64 of the key bytes handed to the
   * custom cipher.
   */
  readonly secret: string;
  /** The secret is a raw AES-256 key (base64 of 32 bytes), used without PBKDF2. */
  readonly isKey: boolean;
  /** The secret is meant for a custom cipher; the default AES format refuses it. */
  readonly isForCustomEncryption: boolean;
}

/** Every secret of an application and the version to encrypt with. */
export interface SecretSet {
  /** The version new data is encrypted with. */
  readonly currentVersion: number;
  /** All secrets, old versions kept for decryption. */
  readonly secrets: readonly Secret[];
}

/**
 * Where the crypto layer gets its secrets; `SecretKeyAccessor` implements it.
 * Implementations throw `SecretsValidationError` for a missing version and
 * `SecretsProviderError` when the underlying provider fails.
 */
export interface SecretSource {
  /**
   * Gets one secret.
   *
   * @param version The version to look up; the current version when omitted.
   * @returns The secret of that version.
   */
  getSecret(version?: number): Promise<Secret>;
  /**
   * Gets every secret and the current version.
   *
   * @returns The whole validated set.
   */
  getSecrets(): Promise<SecretSet>;
}
