import type { CryptoBackend } from '../../src/crypto-backend.ts';
import { nobleBackend } from '../../src/noble-backend.ts';
import { nodeBackend } from '../../src/node-backend.node.ts';
import { webCryptoBackend } from '../../src/web-crypto-backend.ts';

/** Every backend; each suite runs once per item. */
export const backends: readonly CryptoBackend[] = [nodeBackend, webCryptoBackend, nobleBackend];

/** How often a counting backend's costly methods ran. */
export interface BackendCounts {
  pbkdf2: number;
  importAesKey: number;
}

/** A backend that counts derivations and imports, and can be told to fail the next PBKDF2. */
export interface CountingBackend extends CryptoBackend {
  readonly counts: BackendCounts;
  failNextPbkdf2: boolean;
}

/**
 * Wraps a backend to count its PBKDF2 derivations and key imports.
 *
 * @param backend The backend to wrap.
 * @returns The counting wrapper.
 */
export function countingBackend(backend: CryptoBackend): CountingBackend {
  const counting: CountingBackend = {
    name: `counting ${backend.name}`,
    counts: { pbkdf2: 0, importAesKey: 0 },
    failNextPbkdf2: false,
    pbkdf2Sha512(password, salt, iterations, length) {
      counting.counts.pbkdf2++;
      if (counting.failNextPbkdf2) {
        counting.failNextPbkdf2 = false;
        return Promise.reject(new Error('injected PBKDF2 failure'));
      }
      return backend.pbkdf2Sha512(password, salt, iterations, length);
    },
    importAesKey(key) {
      counting.counts.importAesKey++;
      return backend.importAesKey(key);
    },
    aesGcmEncrypt: (key, iv, plaintext) => backend.aesGcmEncrypt(key, iv, plaintext),
    aesGcmDecrypt: (key, iv, sealed) => backend.aesGcmDecrypt(key, iv, sealed),
    sha256: (data) => backend.sha256(data),
    randomBytes: (length) => backend.randomBytes(length),
  };
  return counting;
}
