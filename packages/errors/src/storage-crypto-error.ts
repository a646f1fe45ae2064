import { StorageError } from './storage-error.ts';

/**
 * Encryption or decryption failed: a tampered or truncated ciphertext, a wrong secret, an
 * unknown version prefix, or a custom cipher that threw. Never says which bytes were wrong.
 */
export class StorageCryptoError extends StorageError {
  override name: string = 'StorageCryptoError';
}
