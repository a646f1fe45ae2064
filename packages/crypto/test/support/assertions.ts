import { StorageCryptoError } from '@residency/errors';
import { expect } from 'vitest';

/**
 * Awaits a promise that must reject with a `StorageCryptoError` whose message quotes none of
 * the given values (secrets, plaintexts, ciphertexts).
 *
 * @param promise The operation.
 * @param forbidden Values the message must not contain; empty strings are skipped.
 * @returns The error, for further checks.
 */
export async function expectCryptoError(
  promise: Promise<unknown>,
  forbidden: readonly string[] = [],
): Promise<StorageCryptoError> {
  const error = await promise.then(
    () => expect.unreachable('expected a StorageCryptoError, the promise resolved'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StorageCryptoError);
  const message = (error as Error).message;
  for (const value of forbidden) {
    if (value.length > 0) expect(message).not.toContain(value);
  }
  return error as StorageCryptoError;
}
