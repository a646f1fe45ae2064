import { MAX_KEY_LENGTH } from '@residency/protocol';
import type { EncryptionType } from './encryption-type.ts';
import { inputError } from './input-issues.ts';

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

/** Why each use of plain search keys means nothing on hashed ones. */
const HASHED_SEARCH_KEYS_OUTCOME = {
  // `searchKeys` and `$like`: no part of a value is a part of its hash.
  match: 'they would be matched against hashes and find nothing',
  // A sort on `key1`..`key20`: the order of the hashes, not of the values.
  sort: 'it would order the hashes, not the values',
};

/**
 * Refuses a partial match (`searchKeys`, `$like`) or a sort on `key1`..`key20` where those keys
 * are stored as salted hashes (`hashSearchKeys: true` in `LOCAL` or `OFF` mode): the server
 * would silently find nothing, or sort by hash. SSE storages pass, since nothing is hashed
 * there and the server decides by its environment's setting.
 *
 * @param context The storage settings.
 * @param path The offending field's path, e.g. `filter.key1.$like` or `options.sort.0.key3`.
 * @param use `match` for `searchKeys` and `$like`, `sort` for a sort: says why in the message.
 * @throws {InputValidationError} Search keys are hashed; the message names the path and
 *   `hashSearchKeys: false`, never a value.
 */
export function requirePlainSearchKeys(
  context: InputContext,
  path: string,
  use: 'match' | 'sort',
): void {
  if (searchKeysArePlain(context)) return;
  throw inputError(
    path,
    `needs plain search keys: create the storage with hashSearchKeys: false (this storage hashes key1..key20, so ${HASHED_SEARCH_KEYS_OUTCOME[use]})`,
  );
}
