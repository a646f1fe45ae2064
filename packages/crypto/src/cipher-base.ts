import { InputValidationError, StorageCryptoError } from '@residency/errors';
import { AesKeys } from './aes-keys.ts';
import { type CipherOptions, resolveCipherOptions } from './cipher-options.ts';
import {
  formatAes,
  formatPlain,
  IV_LENGTH,
  type ParsedCiphertext,
  parseCiphertext,
} from './ciphertext-format.ts';
import type { CryptoBackend } from './crypto-backend.ts';
import { toCryptoError } from './crypto-error.ts';
import { CustomCiphers } from './custom-ciphers.ts';
import { utf8Decode, utf8Encode } from './encoding.ts';
import type { Secret, SecretSource } from './secret.ts';

/** What `Cipher.encrypt` returns: the stored text and the secret version to store beside it. */
export interface EncryptResult {
  /** `2:…`, `c…:…` or `pt:…`. */
  readonly ciphertext: string;
  /** The version of the secret used: the record's `version`; 0 for `pt:`. */
  readonly version: number;
}

const DECRYPTION_FAILED =
  'Decryption failed: the ciphertext was altered or truncated, or the secret is not the one it was encrypted with';
const ENCRYPTION_FAILED = 'Encryption failed';
const NO_SECRETS = 'No secret accessor was provided, so only "pt:" ciphertexts can be decrypted';

type SealedCiphertext = Exclude<ParsedCiphertext, { readonly kind: 'plain' }>;

function decodePlain(data: Uint8Array): string {
  try {
    return utf8Decode(data);
  } catch (error) {
    throw toCryptoError(error, 'Invalid ciphertext: the "pt:" data is not UTF-8');
  }
}

function refuseCustomSecret(secret: Secret): void {
  if (secret.isForCustomEncryption) {
    throw new StorageCryptoError(
      `Secret version ${secret.version} is flagged isForCustomEncryption; the default AES format refuses it`,
    );
  }
}

/**
 * The InCountry-compatible cipher shared by both entries; each entry's `Cipher` supplies its
 * default backend. See `Cipher` for the public description.
 */
export class CipherBase {
  readonly #secrets: SecretSource | undefined;
  readonly #custom: CustomCiphers;
  readonly #keys: AesKeys;
  readonly #defaultBackend: () => CryptoBackend;
  #backend: CryptoBackend | undefined;

  /**
   * Checks the options; derives nothing and touches no platform API yet.
   *
   * @param options The cipher options.
   * @param defaultBackend Picks the backend on first use when `options.backend` is absent.
   * @throws {StorageConfigValidationError} When an option is out of bounds or the custom
   *   configs repeat a version or have more than one current.
   */
  protected constructor(options: CipherOptions, defaultBackend: () => CryptoBackend) {
    const resolved = resolveCipherOptions(options);
    this.#secrets = resolved.secrets;
    this.#custom = new CustomCiphers(resolved.customEncryptionConfigs);
    this.#backend = resolved.backend;
    this.#defaultBackend = defaultBackend;
    this.#keys = new AesKeys({
      backend: () => this.backend,
      keyReuse: resolved.keyReuse,
      cacheSize: resolved.keyCacheSize,
      now: resolved.now,
    });
  }

  /** The backend in use; picked on first use when none was given. */
  get backend(): CryptoBackend {
    this.#backend ??= this.#defaultBackend();
    return this.#backend;
  }

  /** How many keys the decryption cache holds (or is deriving) now, at most `keyCacheSize`. */
  get cachedKeyCount(): number {
    return this.#keys.cachedKeyCount;
  }

  /**
   * Encrypts a string with the current secret: `2:` (AES-256-GCM), custom when a custom config
   * is current, or `pt:` (not encrypted) when the cipher has no secrets.
   *
   * @param plaintext Any string.
   * @returns The ciphertext and the secret version to store with it.
   * @throws {InputValidationError} When `plaintext` is not a string.
   * @throws {StorageCryptoError} When encryption fails or the current secret does not fit the
   *   format (a custom secret for AES, a non-custom secret for a custom config, a bad raw key).
   * @throws {SecretsValidationError | SecretsProviderError} From the secret source, unchanged.
   */
  async encrypt(plaintext: string): Promise<EncryptResult> {
    if (typeof plaintext !== 'string') {
      throw new InputValidationError('plaintext must be a string', { path: 'plaintext' });
    }
    if (this.#secrets === undefined) return { ciphertext: formatPlain(plaintext), version: 0 };
    const secret = await this.#secrets.getSecret();
    try {
      const ciphertext = this.#custom.hasCurrent
        ? await this.#custom.encrypt(plaintext, secret)
        : await this.#encryptAes(plaintext, secret);
      return { ciphertext, version: secret.version };
    } catch (error) {
      throw toCryptoError(error, ENCRYPTION_FAILED);
    }
  }

  /**
   * Decrypts what this cipher or an InCountry SDK wrote: `pt:`, `1:`, `2:` or custom.
   *
   * @param ciphertext The stored ciphertext.
   * @param version The record's `version`: the secret to decrypt with; the current one when
   *   `null` or omitted. `pt:` needs no secret.
   * @returns The plaintext.
   * @throws {InputValidationError} When an argument has the wrong type.
   * @throws {StorageCryptoError} When the ciphertext is malformed, altered, truncated, made with
   *   another secret, names an unknown format or custom config, or the cipher has no secrets.
   * @throws {SecretsValidationError | SecretsProviderError} From the secret source, unchanged.
   */
  async decrypt(ciphertext: string, version?: number | null): Promise<string> {
    if (typeof ciphertext !== 'string') {
      throw new InputValidationError('ciphertext must be a string', { path: 'ciphertext' });
    }
    if (version != null && !(Number.isInteger(version) && version >= 0)) {
      throw new InputValidationError('version must be an integer ≥ 0', { path: 'version' });
    }
    const parsed = parseCiphertext(ciphertext);
    if (parsed.kind === 'plain') return decodePlain(parsed.data);
    const secret = await this.#secretOf(version);
    try {
      return await this.#open(parsed, secret);
    } catch (error) {
      throw toCryptoError(error, DECRYPTION_FAILED);
    }
  }

  #secretOf(version: number | null | undefined): Promise<Secret> {
    if (this.#secrets === undefined) throw new StorageCryptoError(NO_SECRETS);
    return this.#secrets.getSecret(version ?? undefined);
  }

  async #encryptAes(plaintext: string, secret: Secret): Promise<string> {
    refuseCustomSecret(secret);
    const { salt, key } = this.#keys.forEncryption(secret);
    const handle = await key;
    const iv = this.backend.randomBytes(IV_LENGTH);
    const sealed = await this.backend.aesGcmEncrypt(handle, iv, utf8Encode(plaintext));
    return formatAes(salt, iv, sealed);
  }

  async #open(parsed: SealedCiphertext, secret: Secret): Promise<string> {
    if (parsed.kind === 'custom') return this.#custom.decrypt(parsed.tag, parsed.data, secret);
    refuseCustomSecret(secret);
    const handle = await this.#keys.forDecryption(secret, parsed.salt);
    return utf8Decode(await this.backend.aesGcmDecrypt(handle, parsed.iv, parsed.sealed));
  }
}
