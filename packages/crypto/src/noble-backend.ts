import { gcm } from '@noble/ciphers/aes.js';
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { CryptoBackend } from './crypto-backend.ts';
import { randomBytes } from './random-bytes.ts';

/**
 * The pure-JavaScript backend on audited `@noble/ciphers` and `@noble/hashes`: runs wherever
 * `crypto.getRandomValues` exists, including insecure browser contexts without `crypto.subtle`.
 * About seven times slower than native PBKDF2; its asynchronous PBKDF2 yields to the event loop
 * so a page stays responsive while a key is derived.
 */
export const nobleBackend: CryptoBackend<Uint8Array> = {
  name: 'noble',
  pbkdf2Sha512(password, salt, iterations, length) {
    return pbkdf2Async(sha512, password, salt, { c: iterations, dkLen: length });
  },
  importAesKey(key) {
    if (key.length !== 32) throw new RangeError('AES-256 needs a 32-byte key');
    // A private copy: the caller's array may be reused or wiped.
    return key.slice();
  },
  aesGcmEncrypt(key, iv, plaintext) {
    return gcm(key, iv).encrypt(plaintext);
  },
  aesGcmDecrypt(key, iv, sealed) {
    return gcm(key, iv).decrypt(sealed);
  },
  sha256(data) {
    return sha256(data);
  },
  randomBytes,
};
