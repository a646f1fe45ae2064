import { SecretsValidationError } from '@residency/errors';
import type { Secret, SecretSet, SecretSource } from '../../src/index.ts';

/** One item of secrets data, flags optional as users write them (protocol.md §7). */
export interface SecretsDataItem {
  readonly secret: string;
  readonly version: number;
  readonly isKey?: boolean;
  readonly isForCustomEncryption?: boolean;
}

/** Secrets data as a secrets callback returns it. */
export interface SecretsData {
  readonly currentVersion: number;
  readonly secrets: readonly SecretsDataItem[];
}

/**
 * Resolves secrets data as the secrets package does: a plain string is version 0, a password.
 *
 * @param data A plain secret or secrets data.
 * @returns The secret set.
 */
function toSecretSet(data: string | SecretsData): SecretSet {
  if (typeof data === 'string') {
    return {
      currentVersion: 0,
      secrets: [{ version: 0, secret: data, isKey: false, isForCustomEncryption: false }],
    };
  }
  return {
    currentVersion: data.currentVersion,
    secrets: data.secrets.map((item) => ({
      version: item.version,
      secret: item.secret,
      isKey: item.isKey ?? false,
      isForCustomEncryption: item.isForCustomEncryption ?? false,
    })),
  };
}

/** A SecretSource over fixed data, as `SecretKeyAccessor` behaves; `replace` swaps the data. */
export class StaticSecretSource implements SecretSource {
  #set: SecretSet;

  constructor(data: string | SecretsData) {
    this.#set = toSecretSet(data);
  }

  /** Swaps every secret, as a rotated secrets callback would. */
  replace(data: string | SecretsData): void {
    this.#set = toSecretSet(data);
  }

  async getSecret(version?: number): Promise<Secret> {
    const wanted = version ?? this.#set.currentVersion;
    const secret = this.#set.secrets.find((item) => item.version === wanted);
    if (secret === undefined)
      throw new SecretsValidationError(`Secret not found for version ${wanted}`);
    return secret;
  }

  async getSecrets(): Promise<SecretSet> {
    return this.#set;
  }
}
