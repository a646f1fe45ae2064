import { StorageConfigValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describeIssues } from '../issues.ts';
import { HanaSecureStore } from './hana-secure-store.ts';
import { optionsMessage } from './options-message.ts';

/** Options of `new HanaSecretsProvider()`. */
export interface HanaSecretsProviderOptions {
  /** The secure store holding the secrets data. */
  readonly store: HanaSecureStore;
  /**
   * The key of the secrets data (≤ 960 characters); default `secrets-data`. Keys starting
   * with `<key>#` and `<key>/` are the provider's too: change generations and secrets stored
   * on their own.
   */
  readonly key?: string | undefined;
  /**
   * How long the secrets data is served from memory before it is read again, in
   * milliseconds; default 60 000. A rotation elsewhere is seen at most this late. 0 reads on
   * every lookup (concurrent lookups still share one read).
   */
  readonly cacheTtlMilliseconds?: number | undefined;
  /** How many times one change is retried against concurrent changes; default 20. */
  readonly maxWriteAttempts?: number | undefined;
}

/** The provider options after validation and defaults. */
export interface ResolvedProviderOptions {
  /** The store. */
  readonly store: HanaSecureStore;
  /** The key. */
  readonly key: string;
  /** The cache TTL in milliseconds. */
  readonly cacheTtlMilliseconds: number;
  /** The retry bound of a change. */
  readonly maxWriteAttempts: number;
}

/** The defaults of `HanaSecretsProviderOptions`. */
export const DEFAULT_PROVIDER_OPTIONS: {
  readonly key: string;
  readonly cacheTtlMilliseconds: number;
  readonly maxWriteAttempts: number;
} = Object.freeze({ key: 'secrets-data', cacheTtlMilliseconds: 60_000, maxWriteAttempts: 20 });

/** Leaves room in the 1024-character key for `#<generation>` and `/v<version>/<random>`. */
const MAX_KEY_LENGTH = 960;

const KEY_RULE = `must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`;
const TTL_RULE = 'must be an integer number of milliseconds, 0 or more';
const ATTEMPTS_RULE = 'must be an integer from 1 to 1000';

const OptionsSchema = v.strictObject(
  {
    store: v.instance(HanaSecureStore, 'must be a HanaSecureStore'),
    key: v.optional(
      v.pipe(v.string(KEY_RULE), v.minLength(1, KEY_RULE), v.maxLength(MAX_KEY_LENGTH, KEY_RULE)),
      DEFAULT_PROVIDER_OPTIONS.key,
    ),
    cacheTtlMilliseconds: v.optional(
      v.pipe(v.number(TTL_RULE), v.safeInteger(TTL_RULE), v.minValue(0, TTL_RULE)),
      DEFAULT_PROVIDER_OPTIONS.cacheTtlMilliseconds,
    ),
    maxWriteAttempts: v.optional(
      v.pipe(
        v.number(ATTEMPTS_RULE),
        v.integer(ATTEMPTS_RULE),
        v.minValue(1, ATTEMPTS_RULE),
        v.maxValue(1000, ATTEMPTS_RULE),
      ),
      DEFAULT_PROVIDER_OPTIONS.maxWriteAttempts,
    ),
  },
  optionsMessage('must be an object with store'),
);

/**
 * Validates the provider options and applies the defaults.
 *
 * @param options The options as given.
 * @returns The resolved options.
 * @throws {StorageConfigValidationError} When an option breaks a rule or is unknown.
 */
export function resolveProviderOptions(options: unknown): ResolvedProviderOptions {
  const result = v.safeParse(OptionsSchema, options);
  if (!result.success) {
    const details = describeIssues(result.issues, { root: 'options' });
    throw new StorageConfigValidationError(`Invalid HANA secrets provider options: ${details}`);
  }
  return result.output;
}
