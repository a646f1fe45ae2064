import { InputValidationError } from '@residency/errors';

const encoder = new TextEncoder();

/** The sizes of the secure-store procedures' parameters (fact sheet §1 and §3). */
export interface SecureStoreLimits {
  /** `VALUE` is VARBINARY(5000): at most this many bytes. */
  readonly valueBytes: number;
  /** `KEY` is NVARCHAR(1024): at most this many characters. */
  readonly keyLength: number;
  /** `STORE_NAME` is NVARCHAR(530): at most this many characters. */
  readonly storeNameLength: number;
}

/**
 * The limits every value, key and store name is checked against before any database call, so
 * an oversized input fails with our validation error instead of an unknown server error.
 * Lengths are counted in UTF-16 code units, as HANA counts NVARCHAR characters (a character
 * outside the BMP counts twice), which can only err on the safe side.
 */
export const SECURE_STORE_LIMITS: SecureStoreLimits = Object.freeze({
  valueBytes: 5000,
  keyLength: 1024,
  storeNameLength: 530,
});

/**
 * Checks a secure-store key: a non-empty string of at most 1024 characters.
 *
 * @param key The key as the caller gave it.
 * @param method The public method, named in the message, e.g. `get`.
 * @returns The key, typed.
 * @throws {InputValidationError} When the key is not a string, is empty or is too long; the
 *   message gives the rule, never the key.
 */
export function checkKey(key: unknown, method: string): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InputValidationError(`${method}(): key must be a non-empty string`, { path: 'key' });
  }
  if (key.length > SECURE_STORE_LIMITS.keyLength) {
    throw new InputValidationError(
      `${method}(): key must be at most ${SECURE_STORE_LIMITS.keyLength} characters ` +
        `(it has ${key.length})`,
      { path: 'key' },
    );
  }
  return key;
}

/**
 * Checks a value and turns it into bytes: a `Uint8Array` as is, text as UTF-8 (fact sheet §3),
 * at most 5000 bytes either way.
 *
 * @param value The value as the caller gave it.
 * @param method The public method, named in the message.
 * @returns The bytes to store.
 * @throws {InputValidationError} When the value is neither bytes nor text, or longer than 5000
 *   bytes; the message gives the size, never the value.
 */
export function checkValue(value: unknown, method: string): Uint8Array {
  const bytes = typeof value === 'string' ? encoder.encode(value) : value;
  if (!(bytes instanceof Uint8Array)) {
    throw new InputValidationError(`${method}(): value must be a Uint8Array or a string`, {
      path: 'value',
    });
  }
  if (bytes.byteLength > SECURE_STORE_LIMITS.valueBytes) {
    throw new InputValidationError(
      `${method}(): value must be at most ${SECURE_STORE_LIMITS.valueBytes} bytes ` +
        `(it has ${bytes.byteLength})`,
      { path: 'value' },
    );
  }
  return bytes;
}
