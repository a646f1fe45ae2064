import { InputValidationError } from '@residency/errors';
import { encodeDocument, type SecretsDocument, type StoredSecret } from './secrets-document.ts';
import { SECURE_STORE_LIMITS } from './secure-store-limits.ts';

/** A secret moved to an entry of its own. */
export interface SpilledSecret {
  /** The entry's key. */
  readonly key: string;
  /** The secret, stored as its UTF-8 bytes. */
  readonly secret: string;
}

/** A document that fits one entry, and the secrets it moved out to do so. */
export interface FittedDocument {
  /** The document, at most 5000 bytes encoded. */
  readonly document: SecretsDocument;
  /** The secrets to write to their own entries first. */
  readonly spilled: readonly SpilledSecret[];
}

const encoder = new TextEncoder();

/**
 * Makes a document fit the 5000-byte value limit (fact sheet §3): while it is too large,
 * inline secrets move to entries of their own, oldest version first, each under
 * `<key>/v<version>/<random>`. Secrets moved out stay out: their entries never change.
 *
 * @param document The document with new secrets inline.
 * @param key The provider's key; spilled entries are named after it.
 * @param randomId Makes the random part of a spilled entry's name.
 * @returns The fitted document and what to write first.
 * @throws {InputValidationError} When a single secret is over 5000 bytes, or the document is
 *   too large even with every secret on its own (too many versions).
 */
export function fitDocument(
  document: SecretsDocument,
  key: string,
  randomId: () => string,
): FittedDocument {
  checkSecretSizes(document.secrets);
  if (encodedSize(document) <= SECURE_STORE_LIMITS.valueBytes) return { document, spilled: [] };
  const oldestFirst = document.secrets
    .filter((item) => item.secret !== undefined)
    .sort((left, right) => left.version - right.version);
  const spilled: SpilledSecret[] = [];
  let current = document;
  for (const item of oldestFirst) {
    const entry = { key: `${key}/v${item.version}/${randomId()}`, secret: item.secret as string };
    spilled.push(entry);
    current = replaceSecret(current, item.version, entry.key);
    if (encodedSize(current) <= SECURE_STORE_LIMITS.valueBytes) {
      return { document: current, spilled };
    }
  }
  throw new InputValidationError(
    `The secrets data is too large for the secure store even with each of its ` +
      `${document.secrets.length} secrets in an entry of its own; remove old versions with put()`,
    { path: 'secrets' },
  );
}

/**
 * Checks that every inline secret fits one entry on its own.
 *
 * @param secrets The secrets.
 * @throws {InputValidationError} When a secret is over 5000 bytes as UTF-8, naming its version.
 */
export function checkSecretSizes(
  secrets: readonly { readonly secret?: unknown; readonly version: number }[],
): void {
  for (const item of secrets) {
    if (typeof item.secret !== 'string') continue;
    const size = encoder.encode(item.secret).byteLength;
    if (size > SECURE_STORE_LIMITS.valueBytes) {
      throw new InputValidationError(
        `The secret of version ${item.version} is ${size} bytes; the secure store holds at most ` +
          `${SECURE_STORE_LIMITS.valueBytes}`,
        { path: 'secret' },
      );
    }
  }
}

function replaceSecret(document: SecretsDocument, version: number, ref: string): SecretsDocument {
  const secrets = document.secrets.map(
    (item): StoredSecret =>
      item.version === version ? { ...item, secret: undefined, secretRef: ref } : item,
  );
  return { ...document, secrets };
}

function encodedSize(document: SecretsDocument): number {
  return encodeDocument(document).byteLength;
}
