// The hot path: crypto asks for a secret for every record it encrypts or decrypts, and each ask
// calls the user's provider (secrets may rotate). Validating the provider's answer every time
// would cost far more than looking a version up, so the last valid answer is remembered with a
// snapshot of the raw fields it was validated from. A later answer whose fields are identical
// (`===`) would validate to the same result and reuses it; any difference — another object, or
// the same object changed in place — is validated afresh. Comparing is O(number of secrets).

import type { Secret, SecretSet } from '@residency/crypto';
import { parseSecretsData } from './parse-secrets-data.ts';

/** Validated secrets with their versions indexed. */
export interface ResolvedSecrets {
  /** The frozen, validated set. */
  readonly set: SecretSet;
  /** Each secret by its version (versions are unique). */
  readonly byVersion: ReadonlyMap<number, Secret>;
}

/** The raw fields one secret was validated from. */
interface SecretSnapshot {
  readonly secret: unknown;
  readonly version: unknown;
  readonly isKey: unknown;
  readonly isForCustomEncryption: unknown;
}

/** The raw fields a provider's answer was validated from. */
type Snapshot =
  | { readonly text: string }
  | { readonly currentVersion: unknown; readonly secrets: readonly SecretSnapshot[] };

type Fields = Record<string, unknown>;

/**
 * Validates a provider's answer and indexes it by version.
 *
 * @param value A plain secret or secrets data.
 * @returns The frozen set and its index.
 * @throws {SecretsValidationError} When the value is not valid secrets data.
 */
export function resolveSecrets(value: unknown): ResolvedSecrets {
  const set = parseSecretsData(value);
  const byVersion = new Map<number, Secret>();
  for (const secret of set.secrets) byVersion.set(secret.version, secret);
  return { set, byVersion };
}

/** Remembers the last valid answer of a provider, so an unchanged answer is not revalidated. */
export class SecretsMemo {
  #snapshot: Snapshot | undefined = undefined;
  #resolved: ResolvedSecrets | undefined = undefined;

  /**
   * Resolves a provider's answer, reusing the last result when the answer's fields are unchanged.
   *
   * @param value What the provider returned.
   * @returns The validated secrets.
   * @throws {SecretsValidationError} When the value is not valid secrets data.
   */
  resolve(value: unknown): ResolvedSecrets {
    if (this.#resolved !== undefined && this.#snapshot !== undefined) {
      if (matches(value, this.#snapshot)) return this.#resolved;
    }
    const resolved = resolveSecrets(value);
    // Snapshot after validation: only a valid answer is remembered.
    this.#snapshot = snapshotOf(value);
    this.#resolved = resolved;
    return resolved;
  }
}

function snapshotOf(value: unknown): Snapshot {
  if (typeof value === 'string') return { text: value };
  const data = value as Fields;
  const secrets = (data.secrets as readonly Fields[]).map((item) => ({
    secret: item.secret,
    version: item.version,
    isKey: item.isKey,
    isForCustomEncryption: item.isForCustomEncryption,
  }));
  return { currentVersion: data.currentVersion, secrets };
}

function matches(value: unknown, snapshot: Snapshot): boolean {
  if ('text' in snapshot) return value === snapshot.text;
  if (typeof value !== 'object' || value === null) return false;
  const { currentVersion, secrets } = value as Fields;
  if (currentVersion !== snapshot.currentVersion || !Array.isArray(secrets)) return false;
  if (secrets.length !== snapshot.secrets.length) return false;
  for (let index = 0; index < secrets.length; index++) {
    const item: unknown = secrets[index];
    const seen = snapshot.secrets[index] as SecretSnapshot;
    if (typeof item !== 'object' || item === null) return false;
    const fields = item as Fields;
    if (
      fields.secret !== seen.secret ||
      fields.version !== seen.version ||
      fields.isKey !== seen.isKey ||
      fields.isForCustomEncryption !== seen.isForCustomEncryption
    ) {
      return false;
    }
  }
  return true;
}
