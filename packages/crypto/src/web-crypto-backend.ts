import { sha256 } from '@noble/hashes/sha2.js';
import type { CryptoBackend } from './crypto-backend.ts';
import { randomBytes } from './random-bytes.ts';

// WebCrypto accepts only ArrayBuffer-backed views; every view this package makes is one.
function view(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

// Read on each call, not at import: nothing runs at import, and a polyfill installed after
// import still counts.
function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

/**
 * The `crypto.subtle` backend: native speed in browsers, Deno, Bun, workers and Node. AES keys
 * are imported non-extractable, so the key bytes of a cached handle cannot be read back.
 * WebCrypto has no synchronous digest, so `sha256` is `@noble/hashes`.
 */
export const webCryptoBackend: CryptoBackend<CryptoKey> = {
  name: 'webcrypto',
  async pbkdf2Sha512(password, salt, iterations, length) {
    const baseKey = await subtle().importKey('raw', view(password), 'PBKDF2', false, [
      'deriveBits',
    ]);
    const parameters = { name: 'PBKDF2', hash: 'SHA-512', salt: view(salt), iterations };
    return new Uint8Array(await subtle().deriveBits(parameters, baseKey, length * 8));
  },
  async importAesKey(key) {
    // importKey would take a 16-byte key as AES-128; this format is AES-256 only.
    if (key.length !== 32) throw new RangeError('AES-256 needs a 32-byte key');
    return subtle().importKey('raw', view(key), 'AES-GCM', false, ['encrypt', 'decrypt']);
  },
  async aesGcmEncrypt(key, iv, plaintext) {
    const parameters = { name: 'AES-GCM', iv: view(iv), tagLength: 128 };
    return new Uint8Array(await subtle().encrypt(parameters, key, view(plaintext)));
  },
  async aesGcmDecrypt(key, iv, sealed) {
    const parameters = { name: 'AES-GCM', iv: view(iv), tagLength: 128 };
    return new Uint8Array(await subtle().decrypt(parameters, key, view(sealed)));
  },
  sha256(data) {
    return sha256(data);
  },
  randomBytes,
};
