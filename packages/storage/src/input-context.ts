import type { EncryptionType } from './encryption-type.ts';
import { MAX_KEY_LENGTH } from './wire/wire-values.ts';

/** The storage settings that change what user input is valid. */
export interface InputContext {
  /** The storage's encryption mode; `SSE` adds length and character limits (protocol.md §5.3). */
  readonly encryption: EncryptionType;
  /** `false` stores `key1`..`key20` in plain text, at most 256 characters (protocol.md §6.3). */
  readonly hashSearchKeys: boolean;
}

/** The longest plain-text `key1`..`key20` value, and the SSE limit of service keys. */
export const MAX_PLAIN_KEY_LENGTH: number = MAX_KEY_LENGTH;

/** The SSE limit of `recordKey`, `profileKey` and `parentKey` (protocol.md §5.3). */
export const MAX_SSE_UTILITY_KEY_LENGTH = 128;

/**
 * Tells whether `key1`..`key20` reach the server in plain text, where they are limited to 256
 * characters: with `hashSearchKeys: false`, and in SSE mode (nothing is hashed there).
 *
 * @param context The storage settings.
 * @returns `true` when search keys are stored unhashed.
 */
export function searchKeysArePlain(context: InputContext): boolean {
  return context.encryption === 'SSE' || !context.hashSearchKeys;
}

/**
 * Counts the characters of a string as Python's `len` does (code points), so a limit of 256
 * means what it means to the Python SDK.
 *
 * @param text The string.
 * @returns Its number of code points.
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
