import { isStorageError, StorageCryptoError } from '@residency/errors';

/**
 * Translates whatever a crypto step threw into the Residency error tree, in one place: noble,
 * WebCrypto (`OperationError`), node:crypto, `TextDecoder` and custom-cipher failures become a
 * `StorageCryptoError` carrying the original as `cause`; a Residency error passes unchanged.
 *
 * @param error What was thrown.
 * @param message What failed, safe to log: never a plaintext, ciphertext, key or secret.
 * @returns The error to throw.
 */
export function toCryptoError(error: unknown, message: string): Error {
  if (isStorageError(error)) return error;
  return new StorageCryptoError(message, { cause: error });
}
