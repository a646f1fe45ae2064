import { base64Decode, isBase64, type SecretSet } from '@residency/crypto';
import * as v from 'valibot';
import { objectMessage, pathTo } from './issues.ts';

/** An AES-256 key is 32 bytes (protocol.md §7, `isKey`). */
const AES_KEY_BYTES = 32;

// Every schema and action below sets its own message: valibot's default quotes the received
// value, and here that value may be a secret (house style §10).
const VERSION_RULE = 'must be an integer from 0 to 2^53 - 1';
const BOOLEAN_RULE = 'must be a boolean';
const SECRET_RULE = 'must be a non-empty string';
const EXCLUSIVE_RULE = 'cannot be true together with isForCustomEncryption';
const KEY_RULE =
  'must be the standard base64 of exactly 32 bytes when isKey is true ' +
  '(for a custom cipher key, set isForCustomEncryption instead of isKey)';
const CUSTOM_RULE =
  'must be standard base64 when isForCustomEncryption is true ' +
  '(custom ciphers receive its decoded bytes)';
const CURRENT_RULE = 'must be the version of one of the secrets';

/** One secret as given in secrets data, before the flags get their defaults. */
export interface SecretInput {
  /** A password (PBKDF2 input), or base64 key bytes when `isKey` or `isForCustomEncryption`. */
  readonly secret: string;
  /** An integer ≥ 0, unique within the secrets data; records carry it as `version`. */
  readonly version: number;
  /** The secret is the base64 of a raw 32-byte AES key; `false` when omitted. */
  readonly isKey?: boolean | undefined;
  /** The secret is base64 key bytes for a custom cipher; `false` when omitted. */
  readonly isForCustomEncryption?: boolean | undefined;
}

/** Secrets data as a secrets provider returns it (protocol.md §7). */
export interface SecretsDataInput {
  /** The version new data is encrypted with; one of the secrets must have it. */
  readonly currentVersion: number;
  /** Every secret, old versions kept for decryption; at least one. */
  readonly secrets: readonly SecretInput[];
}

function versionSchema() {
  return v.pipe(v.number(VERSION_RULE), v.safeInteger(VERSION_RULE), v.minValue(0, VERSION_RULE));
}

function isAesKey(secret: string): boolean {
  return isBase64(secret) && base64Decode(secret).length === AES_KEY_BYTES;
}

const SecretSchema = v.pipe(
  v.object(
    {
      secret: v.pipe(v.string(SECRET_RULE), v.minLength(1, SECRET_RULE)),
      version: versionSchema(),
      isKey: v.optional(v.boolean(BOOLEAN_RULE), false),
      isForCustomEncryption: v.optional(v.boolean(BOOLEAN_RULE), false),
    },
    objectMessage('an object with secret and version'),
  ),
  v.forward(
    v.check((item) => !(item.isKey && item.isForCustomEncryption), EXCLUSIVE_RULE),
    ['isKey'],
  ),
  v.forward(
    v.check((item) => !item.isKey || isAesKey(item.secret), KEY_RULE),
    ['secret'],
  ),
  v.forward(
    v.check((item) => !item.isForCustomEncryption || isBase64(item.secret), CUSTOM_RULE),
    ['secret'],
  ),
);

/**
 * Validates secrets data and resolves the flags' defaults (protocol.md §7): `currentVersion` and
 * every `version` integers ≥ 0, at least one secret, no two secrets with one version, a secret
 * with the current version, `secret` a non-empty string, `isKey` and `isForCustomEncryption`
 * booleans (default `false`, not both), an `isKey` secret the base64 of exactly 32 bytes, an
 * `isForCustomEncryption` secret base64. Unknown keys are dropped.
 *
 * Every message names the field and the rule, never the value, so issues are safe to show; the
 * issues' `input` and `received` still hold the data. Prefer `parseSecretsData`.
 *
 * @example
 * ```ts
 * const result = v.safeParse(SecretsDataSchema, await loadSecrets());
 * ```
 */
export const SecretsDataSchema: v.GenericSchema<SecretsDataInput, SecretSet> = v.pipe(
  v.object(
    {
      currentVersion: versionSchema(),
      secrets: v.pipe(
        v.array(SecretSchema, 'must be an array of secrets'),
        v.nonEmpty('must contain at least one secret'),
      ),
    },
    objectMessage('an object with currentVersion and secrets'),
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    // The official SDKs take the first match; we refuse ambiguous data (README, "Security").
    const firstIndex = new Map<number, number>();
    dataset.value.secrets.forEach((item, index) => {
      const first = firstIndex.get(item.version);
      if (first === undefined) firstIndex.set(item.version, index);
      else {
        const path = pathTo(dataset.value, ['secrets', index, 'version']);
        addIssue({ message: `duplicates the version of secrets.${first}`, path });
      }
    });
  }),
  v.forward(
    v.check(
      (data) => data.secrets.some((item) => item.version === data.currentVersion),
      CURRENT_RULE,
    ),
    ['currentVersion'],
  ),
);

/** Validated secrets data: the crypto layer's `SecretSet`, every flag resolved. */
export type SecretsData = v.InferOutput<typeof SecretsDataSchema>;
