import { RandomPool } from './random-pool.ts';

let pool: RandomPool | undefined;

/**
 * Makes cryptographically secure random bytes with `crypto.getRandomValues`, a web platform
 * global in browsers, workers, Deno, Bun and Node ≥ 19, through a `RandomPool`.
 *
 * @param length How many bytes.
 * @returns Fresh random bytes.
 * @throws {TypeError} When the runtime has no `crypto.getRandomValues`.
 */
export function randomBytes(length: number): Uint8Array {
  pool ??= new RandomPool((bytes) => globalThis.crypto.getRandomValues(bytes));
  return pool.take(length);
}
