import type { SecretsDocument } from './secrets-document.ts';

/** One secret version, described without its value. */
export interface SecretVersionInfo {
  /** The version. */
  readonly version: number;
  /** Whether it is a raw 32-byte AES key. */
  readonly isKey: boolean;
  /** Whether it is key material for a custom cipher. */
  readonly isForCustomEncryption: boolean;
  /** Whether new data is encrypted with it. */
  readonly isCurrent: boolean;
  /** Whether the secret lives in an entry of its own (the document would exceed 5000 bytes). */
  readonly storedSeparately: boolean;
}

/** Every version of the stored secrets data, without values; what `secrets show-versions` prints. */
export interface SecretVersionList {
  /** Which change of the secrets data this is: 1 for the first write, one more per change. */
  readonly generation: number;
  /** The version new data is encrypted with. */
  readonly currentVersion: number;
  /** Every version, in ascending order. */
  readonly versions: readonly SecretVersionInfo[];
}

/**
 * Describes a stored document's versions, never their secrets.
 *
 * @param document The stored document.
 * @returns The versions in ascending order, frozen.
 */
export function describeVersions(document: SecretsDocument): SecretVersionList {
  const versions = document.secrets
    .map(
      (item): SecretVersionInfo =>
        Object.freeze({
          version: item.version,
          isKey: item.isKey,
          isForCustomEncryption: item.isForCustomEncryption,
          isCurrent: item.version === document.currentVersion,
          storedSeparately: item.secretRef !== undefined,
        }),
    )
    .sort((left, right) => left.version - right.version);
  return Object.freeze({
    generation: document.generation,
    currentVersion: document.currentVersion,
    versions: Object.freeze(versions),
  });
}
