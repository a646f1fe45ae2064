import { StorageServerResponseValidationError } from '@residency/errors';

/** A value to store: raw bytes, or text stored as its UTF-8 bytes (see `checkValue`). */
export type SecureStoreValue = Uint8Array | string;

// `fatal`: bytes that are not UTF-8 fail loudly instead of turning into U+FFFD, which would
// silently change a secret.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads stored bytes as UTF-8 text.
 *
 * @param bytes What the secure store returned.
 * @param method The public method, named in the message.
 * @returns The text.
 * @throws {StorageServerResponseValidationError} When the bytes are not valid UTF-8; the
 *   message never quotes them.
 */
export function fromUtf8(bytes: Uint8Array, method: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new StorageServerResponseValidationError(
      `${method}(): the stored value is not valid UTF-8 text; read it as bytes with get()`,
    );
  }
}
