import { base64Encode } from '@residency/crypto';
import { InputValidationError, StorageConfigValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describeIssues } from '../issues.ts';
import { parseSecretsData } from '../parse-secrets-data.ts';
import { RefreshingCache } from '../providers/refreshing-cache.ts';
import type { SecretKeyAccessorValue, SecretsProvider } from '../secret-key-accessor.ts';
import type { SecretsData } from '../secrets-data.ts';
import {
  type HanaSecretsProviderOptions,
  type ResolvedProviderOptions,
  resolveProviderOptions,
} from './hana-secrets-provider-options.ts';
import { optionsMessage } from './options-message.ts';
import {
  describeVersions,
  type SecretVersionInfo,
  type SecretVersionList,
} from './secret-versions.ts';
import { SecretsChain } from './secrets-chain.ts';
import type { LoadedSecrets } from './secrets-document.ts';
import { checkSecretSizes } from './secrets-spill.ts';

/** Options of `rotate()`. */
export interface RotateOptions {
  /**
   * The new secret. Default: a random 32-byte key, base64, stored with `isKey: true` (or
   * with `isForCustomEncryption: true` when that is asked for).
   */
  readonly secret?: string | undefined;
  /** Whether the secret is a raw AES key; default `true` for a generated key, else `false`. */
  readonly isKey?: boolean | undefined;
  /** Whether the secret is key material for a custom cipher; default `false`. */
  readonly isForCustomEncryption?: boolean | undefined;
}

/** Options of `put()`. */
export interface PutOptions {
  /**
   * Allow giving an existing version another secret or other flags. Off by default: data
   * encrypted with the old secret would become unreadable.
   */
  readonly allowSecretChange?: boolean | undefined;
}

/** A generated key is 32 random bytes, an AES-256 key (protocol.md §7, `isKey`). */
const GENERATED_KEY_BYTES = 32;

const RotateSchema = v.strictObject(
  {
    secret: v.optional(v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'))),
    isKey: v.optional(v.boolean('must be a boolean')),
    isForCustomEncryption: v.optional(v.boolean('must be a boolean')),
  },
  optionsMessage('must be an object'),
);

/**
 * Keeps secrets data (protocol.md §7) in the SAP HANA Secure Store and serves it to a
 * `SecretKeyAccessor`: read through a cache with a TTL, one database read for a burst of
 * lookups. `rotate()` adds a version and makes it current, `put()` replaces the data,
 * `listVersions()` describes them without values, `delete()` removes everything; concurrent
 * writers never lose each other's versions (see the README, "Key layout").
 *
 * @example
 * ```ts
 * const provider = new HanaSecretsProvider({ store: new HanaSecureStore() });
 * const accessor = new SecretKeyAccessor(provider.accessor());
 * await provider.rotate(); // a new random AES key becomes the current version
 * ```
 */
export class HanaSecretsProvider {
  readonly #options: ResolvedProviderOptions;
  readonly #chain: SecretsChain;
  readonly #cache: RefreshingCache<LoadedSecrets>;

  /**
   * Creates the provider; nothing is read until the first lookup.
   *
   * @param options The store, the key, the cache TTL and the retry bound.
   * @throws {StorageConfigValidationError} When an option is invalid.
   */
  constructor(options: HanaSecretsProviderOptions) {
    this.#options = resolveProviderOptions(options);
    const { store, key, maxWriteAttempts, cacheTtlMilliseconds } = this.#options;
    this.#chain = new SecretsChain(store, key, maxWriteAttempts);
    this.#cache = new RefreshingCache(() => this.#read(), {
      ttlMilliseconds: cacheTtlMilliseconds,
    });
  }

  /**
   * The function to give `new SecretKeyAccessor()`. It answers from the cache synchronously
   * while fresh, and otherwise with a promise of one shared read.
   *
   * @returns The secrets provider function.
   * @example
   * ```ts
   * const accessor = new SecretKeyAccessor(provider.accessor());
   * ```
   */
  accessor(): SecretsProvider {
    return () => {
      const loaded = this.#cache.get();
      return loaded instanceof Promise ? loaded.then((value) => value.data) : loaded.data;
    };
  }

  /**
   * Gets the secrets data through the cache.
   *
   * @returns The validated, frozen secrets data.
   * @throws {StorageConfigValidationError} When nothing is stored under the key.
   * @throws {SecretsValidationError} When the stored data is invalid.
   * @throws {StorageError} When the secure store fails (see `HanaSecureStore.get`).
   */
  async getSecretsData(): Promise<SecretsData> {
    return (await this.#cache.get()).data;
  }

  /**
   * Reads the secrets data now, ignoring the cache's TTL, and caches it.
   *
   * @returns The secrets data.
   * @throws As `getSecretsData()`.
   */
  async refresh(): Promise<SecretsData> {
    return (await this.#cache.refresh()).data;
  }

  /**
   * Describes every stored version without its secret, read fresh from the store.
   *
   * @returns The versions, or `null` when nothing is stored.
   * @throws {SecretsValidationError} When the stored data is invalid.
   * @throws {StorageError} When the secure store fails.
   */
  async listVersions(): Promise<SecretVersionList | null> {
    const loaded = await this.#chain.read();
    if (loaded === null) return null;
    this.#cache.set(loaded);
    return describeVersions(loaded.document);
  }

  /**
   * Replaces the secrets data. Versions whose secret is unchanged keep their storage.
   *
   * @param data Secrets data, or a plain secret (which becomes version 0).
   * @param options Whether an existing version may get another secret.
   * @returns The versions as stored.
   * @throws {SecretsValidationError} When `data` is not valid secrets data.
   * @throws {InputValidationError} When a version would get another secret or flags without
   *   `allowSecretChange`, or the data is too large for the secure store.
   * @throws {StorageError} When the secure store fails.
   */
  async put(data: SecretKeyAccessorValue, options: PutOptions = {}): Promise<SecretVersionList> {
    const next = parseSecretsData(data);
    checkSecretSizes(next.secrets);
    const loaded = await this.#chain.commit((base) => {
      if (options.allowSecretChange !== true) checkUnchangedVersions(base?.data ?? null, next);
      return next;
    });
    this.#cache.set(loaded);
    return describeVersions(loaded.document);
  }

  /**
   * Adds a secret version, one more than the highest (1 when nothing is stored), and makes it
   * current; older versions stay for decryption.
   *
   * @param options The secret to add; a random 32-byte key by default.
   * @returns The new version, without its secret.
   * @throws {InputValidationError} When an option is invalid.
   * @throws {SecretsValidationError} When the given secret breaks a rule (e.g. `isKey` but
   *   not 32 bytes of base64).
   * @throws {StorageError} When the secure store fails.
   * @example
   * ```ts
   * const { version } = await provider.rotate();
   * ```
   */
  async rotate(options: RotateOptions = {}): Promise<SecretVersionInfo> {
    const added = newSecret(options);
    const loaded = await this.#chain.commit((base) => {
      const secrets = base?.data.secrets ?? [];
      const version = secrets.reduce((highest, item) => Math.max(highest, item.version), 0) + 1;
      return parseSecretsData({
        currentVersion: version,
        secrets: [...secrets, { ...added, version }],
      });
    });
    this.#cache.set(loaded);
    const { versions } = describeVersions(loaded.document);
    return versions.find((item) => item.isCurrent) as SecretVersionInfo;
  }

  /**
   * Deletes the secrets data and everything the provider stored with it.
   *
   * @returns Nothing; also when nothing was stored.
   * @throws {StorageError} When the secure store fails.
   */
  async delete(): Promise<void> {
    this.#cache.clear();
    await this.#chain.deleteAll();
    this.#cache.clear();
  }

  async #read(): Promise<LoadedSecrets> {
    const loaded = await this.#chain.read();
    if (loaded !== null) return loaded;
    const { key, store } = this.#options;
    throw new StorageConfigValidationError(
      `No secrets data under key ${JSON.stringify(key)} of secure store ` +
        `${JSON.stringify(store.target.storeName)}: store some with put() or rotate()`,
    );
  }
}

function newSecret(options: RotateOptions) {
  const result = v.safeParse(RotateSchema, options);
  if (!result.success) {
    const details = describeIssues(result.issues, { root: 'options' });
    throw new InputValidationError(`rotate(): invalid options: ${details}`);
  }
  const { secret, isForCustomEncryption = false } = result.output;
  const generated = secret === undefined;
  const added = {
    secret: secret ?? base64Encode(crypto.getRandomValues(new Uint8Array(GENERATED_KEY_BYTES))),
    isKey: result.output.isKey ?? (generated && !isForCustomEncryption),
    isForCustomEncryption,
  };
  // Check the secret on its own now, before any database call.
  parseSecretsData({ currentVersion: 0, secrets: [{ ...added, version: 0 }] });
  checkSecretSizes([{ ...added, version: 0 }]);
  return added;
}

function checkUnchangedVersions(base: SecretsData | null, next: SecretsData): void {
  if (base === null) return;
  for (const item of next.secrets) {
    const before = base.secrets.find((candidate) => candidate.version === item.version);
    if (
      before !== undefined &&
      (before.secret !== item.secret ||
        before.isKey !== item.isKey ||
        before.isForCustomEncryption !== item.isForCustomEncryption)
    ) {
      throw new InputValidationError(
        `put(): version ${item.version} is stored with another secret or flags; data encrypted ` +
          'with it would become unreadable. Add a new version, or pass { allowSecretChange: true }',
        { path: 'secrets' },
      );
    }
  }
}
