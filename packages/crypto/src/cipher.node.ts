import { CipherBase } from './cipher-base.ts';
import type { CipherOptions } from './cipher-options.ts';
import type { CryptoBackend } from './crypto-backend.ts';
import { nodeBackend } from './node-backend.node.ts';

function defaultBackend(): CryptoBackend {
  return nodeBackend;
}

/**
 * Encrypts and decrypts record fields in the InCountry formats (`2:` AES-256-GCM with PBKDF2
 * or raw keys, legacy `1:`, `pt:`, custom ciphers), so the official SDKs read what it writes
 * and it reads what they wrote. This is the Node entry's cipher: node:crypto by default.
 *
 * @example
 * ```ts
 * import { Cipher } from '@residency/crypto';
 *
 * const cipher = new Cipher({ secrets });
 * const { ciphertext, version } = await cipher.encrypt('{"name":"Ada"}');
 * const plaintext = await cipher.decrypt(ciphertext, version);
 * ```
 */
export class Cipher extends CipherBase {
  /**
   * Creates a cipher; nothing is derived until the first message.
   *
   * @param options Secrets, custom ciphers, key reuse bounds, cache size, backend and clock.
   * @throws {StorageConfigValidationError} When an option is out of bounds.
   */
  constructor(options: CipherOptions = {}) {
    super(options, defaultBackend);
  }
}
