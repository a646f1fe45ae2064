import { StorageCryptoError } from '@residency/errors';
import { customTag, formatCustom } from './ciphertext-format.ts';
import { toCryptoError } from './crypto-error.ts';
import type { CustomEncryptionConfig } from './custom-encryption.ts';
import { validateCustomEncryptionConfigs } from './custom-encryption-configs.ts';
import { customEncryptionKey } from './custom-key.ts';
import { utf8Decode } from './encoding.ts';
import type { Secret } from './secret.ts';

interface TaggedConfig {
  readonly tag: string;
  readonly config: CustomEncryptionConfig;
}

function indexConfigs(configs: readonly CustomEncryptionConfig[]): Map<string, TaggedConfig> {
  const byTag = new Map<string, TaggedConfig>();
  for (const config of validateCustomEncryptionConfigs(configs)) {
    const tag = customTag(config.version);
    byTag.set(tag, { tag, config });
  }
  return byTag;
}

/**
 * The user's custom ciphers (protocol.md §6.8): the current one encrypts with the current
 * secret, which must be flagged `isForCustomEncryption`; each decrypts what carries its tag.
 * Whatever a custom cipher throws becomes a `StorageCryptoError` with the original as `cause`.
 */
export class CustomCiphers {
  readonly #byTag: Map<string, TaggedConfig>;
  readonly #current: TaggedConfig | undefined;

  /**
   * Checks the configs with `validateCustomEncryptionConfigs` and indexes them.
   *
   * @param configs The configs; versions unique, at most one current.
   * @throws {StorageConfigValidationError} When a rule of `validateCustomEncryptionConfigs` is
   *   broken, with its message.
   */
  constructor(configs: readonly CustomEncryptionConfig[]) {
    this.#byTag = indexConfigs(configs);
    this.#current = [...this.#byTag.values()].find(({ config }) => config.isCurrent === true);
  }

  /** Whether a config is current, so new data is custom-encrypted. */
  get hasCurrent(): boolean {
    return this.#current !== undefined;
  }

  /**
   * Encrypts with the current config.
   *
   * @param plaintext The text.
   * @param secret The current secret; must be flagged `isForCustomEncryption`.
   * @returns `c<base64(version)>:<base64(UTF-8(output))>`.
   * @throws {StorageCryptoError} When no config is current, the secret is not for custom
   *   encryption, or the config throws or returns a non-string.
   */
  async encrypt(plaintext: string, secret: Secret): Promise<string> {
    const current = this.#current;
    if (current === undefined)
      throw new StorageCryptoError('No custom encryption config is current');
    const key = customEncryptionKey(secret);
    let output: unknown;
    try {
      output = await current.config.encrypt(plaintext, key, secret.version);
    } catch (error) {
      throw toCryptoError(
        error,
        `Custom encryption config "${current.config.version}" failed to encrypt`,
      );
    }
    if (typeof output !== 'string') {
      throw new StorageCryptoError(
        `Custom encryption config "${current.config.version}" returned a non-string from encrypt`,
      );
    }
    return formatCustom(current.tag, output);
  }

  /**
   * Decrypts a custom ciphertext with the config its tag names.
   *
   * @param tag The ciphertext's tag, `c<base64(version)>`.
   * @param data The decoded data: UTF-8 of what the config's `encrypt` returned.
   * @param secret The secret of the record's version.
   * @returns The plaintext.
   * @throws {StorageCryptoError} When no config has that tag, the secret is not for custom
   *   encryption, the data is not UTF-8, or the config throws or returns a non-string.
   */
  async decrypt(tag: string, data: Uint8Array, secret: Secret): Promise<string> {
    const tagged = this.#byTag.get(tag);
    if (tagged === undefined) {
      throw new StorageCryptoError(
        'No custom encryption config has the version this ciphertext names',
      );
    }
    const key = customEncryptionKey(secret);
    const input = utf8Decode(data);
    let output: unknown;
    try {
      output = await tagged.config.decrypt(input, key, secret.version);
    } catch (error) {
      throw toCryptoError(
        error,
        `Custom encryption config "${tagged.config.version}" failed to decrypt`,
      );
    }
    if (typeof output !== 'string') {
      throw new StorageCryptoError(
        `Custom encryption config "${tagged.config.version}" returned a non-string from decrypt`,
      );
    }
    return output;
  }
}
