import { Cipher, type EncryptResult } from '@residency/crypto';
import { StorageConfigValidationError } from '@residency/errors';
import { EncryptionType, toEncryptionType } from './encryption-type.ts';

/** What the codec needs of a cipher: `Cipher` from `@residency/crypto` fits. */
export interface RecordCipher {
  /** Encrypts with the current secret; `pt:` and version 0 without secrets. */
  encrypt(plaintext: string): Promise<EncryptResult>;
  /** Decrypts with the secret of `version`, the current one when `null` or omitted. */
  decrypt(ciphertext: string, version?: number | null): Promise<string>;
}

/** Options of a `RecordCodec`. */
export interface RecordCodecOptions {
  /** The environment id: the salt of every key hash. */
  readonly environmentId: string;
  /** `LOCAL` (default), `SSE` or `OFF`; `true` means `LOCAL`, `false` means `OFF`. */
  readonly encryption?: EncryptionType | boolean | undefined;
  /** Lowercase the string keys before hashing and storing them; default `false`. */
  readonly normalizeKeys?: boolean | undefined;
  /** Hash `key1..key20`; default `true`. When `false` they are stored as plain text. */
  readonly hashSearchKeys?: boolean | undefined;
  /**
   * Encrypts and decrypts bodies. Required for `LOCAL`; for `OFF`, a `Cipher` without secrets
   * (writes `pt:`) is made when omitted; unused for `SSE`.
   */
  readonly cipher?: RecordCipher | undefined;
  /**
   * LOCAL only: read records whose body is `pt:` (not encrypted), as written by an OFF storage;
   * default `false`, which refuses them with `StorageCryptoError`: anyone who can write to the
   * storage can forge a `pt:` body. OFF always reads them; SSE has no bodies to read.
   */
  readonly acceptPlaintextBodies?: boolean | undefined;
}

/** `RecordCodecOptions` with every default applied. */
export interface ResolvedRecordCodecOptions {
  readonly environmentId: string;
  readonly encryption: EncryptionType;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
  readonly cipher: RecordCipher | undefined;
  readonly acceptPlaintextBodies: boolean;
}

/** The defaults merged once into every `RecordCodecOptions`. */
export const DEFAULT_RECORD_CODEC_OPTIONS: {
  readonly encryption: EncryptionType;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
  readonly acceptPlaintextBodies: boolean;
} = Object.freeze({
  encryption: EncryptionType.LOCAL,
  normalizeKeys: false,
  hashSearchKeys: true,
  acceptPlaintextBodies: false,
});

function checkBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new StorageConfigValidationError(`${name} must be a boolean`);
}

function resolveCipher(encryption: EncryptionType, cipher: RecordCipher | undefined) {
  if (encryption === EncryptionType.SSE) return undefined;
  if (cipher !== undefined) return cipher;
  if (encryption === EncryptionType.OFF) return new Cipher();
  throw new StorageConfigValidationError('cipher is required when encryption is LOCAL');
}

/**
 * Applies the defaults to codec options and checks them.
 *
 * @param options The caller's options.
 * @returns The options with every default applied.
 * @throws {StorageConfigValidationError} When `environmentId` is not a non-empty string, a flag
 *   is not a boolean, `encryption` is unknown, or `LOCAL` comes without a cipher.
 */
export function resolveRecordCodecOptions(options: RecordCodecOptions): ResolvedRecordCodecOptions {
  if (typeof options.environmentId !== 'string' || options.environmentId === '') {
    throw new StorageConfigValidationError('environmentId must be a non-empty string');
  }
  const encryption = toEncryptionType(
    options.encryption ?? DEFAULT_RECORD_CODEC_OPTIONS.encryption,
  );
  const defaults = DEFAULT_RECORD_CODEC_OPTIONS;
  return {
    environmentId: options.environmentId,
    encryption,
    normalizeKeys: checkBoolean(options.normalizeKeys, 'normalizeKeys') ?? defaults.normalizeKeys,
    hashSearchKeys:
      checkBoolean(options.hashSearchKeys, 'hashSearchKeys') ?? defaults.hashSearchKeys,
    cipher: resolveCipher(encryption, options.cipher),
    acceptPlaintextBodies:
      checkBoolean(options.acceptPlaintextBodies, 'acceptPlaintextBodies') ??
      defaults.acceptPlaintextBodies,
  };
}
