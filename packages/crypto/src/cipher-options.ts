import { StorageConfigValidationError } from '@residency/errors';
import type { CryptoBackend } from './crypto-backend.ts';
import type { CustomEncryptionConfig } from './custom-encryption.ts';
import type { SecretSource } from './secret.ts';

/** Bounds on how long a writer reuses one PBKDF2-derived key (see the README's security notes). */
export interface KeyReuseOptions {
  /**
   * The most messages encrypted under one salt and derived key before a new salt is drawn;
   * an integer from 1 to 2^24 (the default). The cap keeps the chance of two random 96-bit IVs
   * colliding under one key below 2^-49.
   */
  readonly maxMessages?: number | undefined;
  /** The longest one salt and derived key are used, in milliseconds; default 10 minutes. */
  readonly maxAgeMs?: number | undefined;
}

/** Options of a `Cipher`. */
export interface CipherOptions {
  /** Where secrets come from; without it the cipher writes and reads `pt:` only. */
  readonly secrets?: SecretSource | undefined;
  /** Custom ciphers; the one with `isCurrent` encrypts, all of them decrypt. */
  readonly customEncryptionConfigs?: readonly CustomEncryptionConfig[] | undefined;
  /**
   * Reuse one derived key (with a fresh random IV each message) for many messages, within these
   * bounds; `false` derives a fresh salt and key per message, as the official SDKs do.
   * The output format is `2:` either way.
   */
  readonly keyReuse?: KeyReuseOptions | false | undefined;
  /** The most derived or imported keys kept for decryption (LRU); default 1024, 0 disables. */
  readonly keyCacheSize?: number | undefined;
  /** The crypto primitives; default: the entry's own (node:crypto, else WebCrypto, else noble). */
  readonly backend?: CryptoBackend | undefined;
  /** The clock for `keyReuse.maxAgeMs`, in milliseconds; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** `KeyReuseOptions` with the defaults applied. */
export interface ResolvedKeyReuse {
  readonly maxMessages: number;
  readonly maxAgeMs: number;
}

/** `CipherOptions` with every default applied and every bound checked. */
export interface ResolvedCipherOptions {
  readonly secrets: SecretSource | undefined;
  readonly customEncryptionConfigs: readonly CustomEncryptionConfig[];
  readonly keyReuse: ResolvedKeyReuse | false;
  readonly keyCacheSize: number;
  readonly backend: CryptoBackend | undefined;
  readonly now: () => number;
}

/** Never more messages per derived key than this, whatever the options say. */
export const MAX_MESSAGES_PER_KEY: number = 2 ** 24;

/** The defaults merged once into every `CipherOptions`. */
export const DEFAULT_CIPHER_OPTIONS: {
  readonly keyReuse: ResolvedKeyReuse;
  readonly keyCacheSize: number;
} = Object.freeze({
  keyReuse: Object.freeze({ maxMessages: MAX_MESSAGES_PER_KEY, maxAgeMs: 10 * 60 * 1000 }),
  keyCacheSize: 1024,
});

function isIntegerIn(value: number, low: number, high: number): boolean {
  return Number.isInteger(value) && value >= low && value <= high;
}

function resolveKeyReuse(keyReuse: CipherOptions['keyReuse']): ResolvedCipherOptions['keyReuse'] {
  if (keyReuse === false) return false;
  const defaults = DEFAULT_CIPHER_OPTIONS.keyReuse;
  const maxMessages = keyReuse?.maxMessages ?? defaults.maxMessages;
  const maxAgeMs = keyReuse?.maxAgeMs ?? defaults.maxAgeMs;
  if (!isIntegerIn(maxMessages, 1, MAX_MESSAGES_PER_KEY)) {
    throw new StorageConfigValidationError(
      'keyReuse.maxMessages must be an integer from 1 to 2^24',
    );
  }
  if (typeof maxAgeMs !== 'number' || Number.isNaN(maxAgeMs) || maxAgeMs <= 0) {
    throw new StorageConfigValidationError('keyReuse.maxAgeMs must be a positive number');
  }
  return { maxMessages, maxAgeMs };
}

/**
 * Applies the defaults to cipher options and checks their bounds.
 *
 * @param options The caller's options.
 * @returns The options with every default applied.
 * @throws {StorageConfigValidationError} When a bound is broken.
 */
export function resolveCipherOptions(options: CipherOptions): ResolvedCipherOptions {
  const keyCacheSize = options.keyCacheSize ?? DEFAULT_CIPHER_OPTIONS.keyCacheSize;
  if (!isIntegerIn(keyCacheSize, 0, Number.MAX_SAFE_INTEGER)) {
    throw new StorageConfigValidationError('keyCacheSize must be an integer ≥ 0');
  }
  return {
    secrets: options.secrets,
    customEncryptionConfigs: options.customEncryptionConfigs ?? [],
    keyReuse: resolveKeyReuse(options.keyReuse),
    keyCacheSize,
    backend: options.backend,
    now: options.now ?? Date.now,
  };
}
