import type { Secret, SecretSet, SecretSource } from '@residency/crypto';
import { SecretsProviderError, SecretsValidationError } from '@residency/errors';
import type { SecretsDataInput } from './secrets-data.ts';
import { type ResolvedSecrets, resolveSecrets, SecretsMemo } from './secrets-memo.ts';

/** What a secrets provider returns: a plain secret (version 0) or secrets data. */
export type SecretKeyAccessorValue = string | SecretsDataInput;

/** A function returning the secrets, synchronously or as a promise; called on every lookup. */
export type SecretsProvider = () => SecretKeyAccessorValue | PromiseLike<SecretKeyAccessorValue>;

/** What `new SecretKeyAccessor()` takes: a provider function, or its answer given directly. */
export type SecretKeyAccessorInput = SecretKeyAccessorValue | SecretsProvider;

/** Deliberately says nothing of the provider's error, whose message might quote a secret. */
const PROVIDER_FAILED = 'Failed to retrieve secret keys data';

/**
 * Gives the crypto layer its secrets (the seed's `SecretKeyAccessor`, protocol.md §7). It takes
 * a provider function, called on every lookup so that rotated secrets are picked up, or a plain
 * secret or secrets data given directly. An unchanged answer is validated once and reused, so a
 * lookup costs a provider call and a comparison of a few fields.
 *
 * @example
 * ```ts
 * const accessor = new SecretKeyAccessor(async () => ({
 *   currentVersion: 1,
 *   secrets: [
 *     { secret: 'old password', version: 0 },
 *     { secret: 'new password', version: 1 },
 *   ],
 * }));
 * await accessor.validate(); // fail at start-up, not at the first write
 * const { secret, version } = await accessor.getSecret(); // version 1
 * ```
 */
export class SecretKeyAccessor implements SecretSource {
  readonly #provider: SecretsProvider | undefined;
  readonly #fixed: ResolvedSecrets | undefined;
  readonly #memo: SecretsMemo = new SecretsMemo();

  /**
   * Creates an accessor.
   *
   * @param input A provider function returning a plain secret or secrets data (or a promise of
   *   either); or that plain secret or secrets data itself, validated here and read once.
   * @throws {SecretsValidationError} When `input` is given directly and is not valid.
   */
  constructor(input: SecretKeyAccessorInput) {
    if (typeof input === 'function') {
      this.#provider = input;
      this.#fixed = undefined;
    } else {
      this.#provider = undefined;
      this.#fixed = resolveSecrets(input);
    }
  }

  /**
   * Gets the secret of one version.
   *
   * @param version The version to look up; the current version when omitted.
   * @returns The secret, frozen.
   * @throws {SecretsProviderError} When the provider throws or rejects (`cause` is what it threw).
   * @throws {SecretsValidationError} When the provider's answer is invalid, or no secret has
   *   `version` ("Secret not found for version N"; a plain secret has version 0 only).
   */
  async getSecret(version?: number): Promise<Secret> {
    const { set, byVersion } = await this.#load();
    const wanted = version ?? set.currentVersion;
    const secret = byVersion.get(wanted);
    if (secret === undefined) {
      throw new SecretsValidationError(`Secret not found for version ${String(wanted)}`);
    }
    return secret;
  }

  /**
   * Gets every secret and the current version.
   *
   * @returns The validated set, frozen.
   * @throws {SecretsProviderError} When the provider throws or rejects (`cause` is what it threw).
   * @throws {SecretsValidationError} When the provider's answer is invalid.
   */
  async getSecrets(): Promise<SecretSet> {
    return (await this.#load()).set;
  }

  /**
   * Calls the provider once and validates its answer; `createStorage` runs it at start-up.
   *
   * @returns Nothing; resolves when the secrets are valid.
   * @throws {SecretsProviderError} When the provider throws or rejects (`cause` is what it threw).
   * @throws {SecretsValidationError} When the provider's answer is invalid.
   */
  async validate(): Promise<void> {
    await this.#load();
  }

  #load(): ResolvedSecrets | Promise<ResolvedSecrets> {
    if (this.#fixed !== undefined) return this.#fixed;
    const provider = this.#provider as SecretsProvider;
    let answer: ReturnType<SecretsProvider>;
    try {
      answer = provider();
    } catch (error) {
      throw new SecretsProviderError(PROVIDER_FAILED, { cause: error });
    }
    if (!isPromiseLike(answer)) return this.#memo.resolve(answer);
    return Promise.resolve(answer).then(
      (value) => this.#memo.resolve(value),
      (error: unknown) => {
        throw new SecretsProviderError(PROVIDER_FAILED, { cause: error });
      },
    );
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
