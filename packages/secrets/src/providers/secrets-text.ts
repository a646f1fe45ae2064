import { SecretsValidationError } from '@residency/errors';
import type { SecretKeyAccessorValue } from '../secret-key-accessor.ts';

/** How the text of a variable or file is read. */
export const SecretsTextFormat = {
  /** Secrets data when the text starts with `{`, else a plain secret. */
  AUTO: 'auto',
  /** Always secrets data (protocol.md §7) as JSON. */
  JSON: 'json',
  /** Always a plain secret, used as is (version 0). */
  TEXT: 'text',
} as const;

/** One of `SecretsTextFormat`'s values. */
export type SecretsTextFormat = (typeof SecretsTextFormat)[keyof typeof SecretsTextFormat];

/**
 * Reads a plain secret or secrets-data JSON from text. The result goes to `SecretKeyAccessor`,
 * which validates it.
 *
 * @param text The text.
 * @param format How to read it.
 * @param source Names the variable or file in messages.
 * @returns The plain secret, or the parsed JSON.
 * @throws {SecretsValidationError} When the text is empty, or JSON is expected and the text is
 *   not JSON; the message never quotes the text.
 */
export function parseSecretsText(
  text: string,
  format: SecretsTextFormat,
  source: string,
): SecretKeyAccessorValue {
  if (text === '') throw new SecretsValidationError(`${source} is empty`);
  const json = format === 'json' || (format === 'auto' && text.trimStart().startsWith('{'));
  if (!json) return text;
  try {
    return JSON.parse(text) as SecretKeyAccessorValue;
  } catch {
    // No `cause`: JSON.parse quotes the text around the error, and the text is a secret.
    throw new SecretsValidationError(
      `${source} is not valid JSON secrets data (set format: 'text' for a plain secret)`,
    );
  }
}

/**
 * Tells whether a value is a `SecretsTextFormat`.
 *
 * @param value Anything.
 * @returns `true` for `auto`, `json` or `text`.
 */
export function isSecretsTextFormat(value: unknown): value is SecretsTextFormat {
  return value === 'auto' || value === 'json' || value === 'text';
}
