import { StorageCryptoError } from '@residency/errors';
import { base64Decode } from './encoding.ts';
import type { Secret } from './secret.ts';

/**
 * The key bytes a custom cipher receives for a secret: the secret's base64 decoded, as the
 * seed's Python SDK hands custom ciphers bytes (protocol.md §6.8).
 *
 * @param secret A secret flagged `isForCustomEncryption`.
 * @returns The decoded key bytes.
 * @throws {StorageCryptoError} When the secret is not for custom encryption or not base64.
 */
export function customEncryptionKey(secret: Secret): Uint8Array {
  if (!secret.isForCustomEncryption) {
    throw new StorageCryptoError(
      `Secret version ${secret.version} is not flagged isForCustomEncryption`,
    );
  }
  try {
    return base64Decode(secret.secret);
  } catch (error) {
    throw new StorageCryptoError(
      `Secret version ${secret.version} for custom encryption is not base64`,
      { cause: error },
    );
  }
}
