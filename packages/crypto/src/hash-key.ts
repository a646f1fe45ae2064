import { sha256 } from '@noble/hashes/sha2.js';
import { InputValidationError } from '@residency/errors';
import { hexEncode, isWellFormed, utf8Encode } from './encoding.ts';

/** Options of `hashKey`. */
export interface HashKeyOptions {
  /** Lowercase the value (`String.prototype.toLowerCase`) before hashing: `normalizeKeys`. */
  readonly normalize?: boolean | undefined;
}

/**
 * Builds the text `hashKey` hashes: `value + ':' + environmentId`, the value lowercased when
 * normalizing and the environment id never (protocol.md §6.1, §6.2).
 *
 * @param value The key value.
 * @param environmentId The environment id.
 * @param options Whether to normalize.
 * @returns The text to hash.
 * @throws {InputValidationError} When `value` or `environmentId` is not a string, or `value`
 *   holds a lone surrogate.
 */
export function saltedHashInput(
  value: string,
  environmentId: string,
  options?: HashKeyOptions,
): string {
  if (typeof value !== 'string') {
    throw new InputValidationError('The value to hash must be a string', { path: 'value' });
  }
  // Lone surrogates all become U+FFFD in UTF-8: distinct keys would share one hash.
  if (!isWellFormed(value)) {
    throw new InputValidationError(
      'The value to hash must be well-formed Unicode (no lone surrogate)',
      {
        path: 'value',
      },
    );
  }
  if (typeof environmentId !== 'string') {
    throw new InputValidationError('environmentId must be a string', { path: 'environmentId' });
  }
  return `${options?.normalize === true ? value.toLowerCase() : value}:${environmentId}`;
}

/**
 * Hashes a record key or filter value as the InCountry SDKs do: lowercase hex SHA-256 of
 * UTF-8(`value:environmentId`). Synchronous, for building filters.
 *
 * @param value A `recordKey`, `profileKey`, `parentKey`, `serviceKeyN` or hashed `keyN` value.
 * @param environmentId The environment id, never lowercased.
 * @param options `normalize`: lowercase the value first (`normalizeKeys`).
 * @returns 64 lowercase hex characters.
 * @throws {InputValidationError} When `value` or `environmentId` is not a string, or `value`
 *   holds a lone surrogate (ill-formed Unicode, which has no UTF-8 form).
 * @example
 * ```ts
 * hashKey('InCountryKey', 'InCountry');
 * // '976143aa1fd12b9ad7449fd9d3a6d25347d71b890b49d4fb5c738e798238865f'
 * ```
 */
export function hashKey(value: string, environmentId: string, options?: HashKeyOptions): string {
  return hexEncode(sha256(utf8Encode(saltedHashInput(value, environmentId, options))));
}
