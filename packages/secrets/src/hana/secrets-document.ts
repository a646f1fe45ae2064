import { SecretsValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describeIssues, objectMessage } from '../issues.ts';
import type { SecretsData } from '../secrets-data.ts';
import { fromUtf8 } from './value-bytes.ts';

// What the HANA secrets provider stores under its key: the secrets data of protocol.md §7,
// readable as such by any tool, plus two bookkeeping fields that secrets-data readers drop as
// unknown keys: `generation` (which change produced it) and `writeId` (who wrote it, checked
// after each write). A secret that does not fit lives in an entry of its own, named by
// `secretRef` instead of `secret`.

/** One secret as stored: inline, or in its own entry. */
export interface StoredSecret {
  /** The secret's version. */
  readonly version: number;
  /** Whether it is a raw 32-byte AES key (base64). */
  readonly isKey: boolean;
  /** Whether it is key material for a custom cipher (base64). */
  readonly isForCustomEncryption: boolean;
  /** The secret itself, when stored inline. */
  readonly secret: string | undefined;
  /** The key of the entry holding the secret's UTF-8 bytes, when stored on its own. */
  readonly secretRef: string | undefined;
}

/** The stored document: one generation of the secrets data. */
export interface SecretsDocument {
  /** 1 for the first write, one more for each change; 0 when written by another tool. */
  readonly generation: number;
  /** A random id of the write, to recognise one's own write when reading it back. */
  readonly writeId: string | undefined;
  /** The version new data is encrypted with. */
  readonly currentVersion: number;
  /** Every secret. */
  readonly secrets: readonly StoredSecret[];
}

const COUNT_RULE = 'must be an integer from 0 to 2^53 - 1';
const count = () =>
  v.pipe(v.number(COUNT_RULE), v.safeInteger(COUNT_RULE), v.minValue(0, COUNT_RULE));
const flag = () => v.optional(v.boolean('must be a boolean'), false);
const optionalText = () => v.optional(v.string('must be a string'));

const StoredSecretSchema = v.pipe(
  v.object(
    {
      version: count(),
      isKey: flag(),
      isForCustomEncryption: flag(),
      secret: optionalText(),
      secretRef: optionalText(),
    },
    objectMessage('an object with version and secret'),
  ),
  v.check(
    (item) => (item.secret === undefined) !== (item.secretRef === undefined),
    'must have exactly one of secret and secretRef',
  ),
);

const DocumentSchema = v.object(
  {
    generation: v.optional(count(), 0),
    writeId: optionalText(),
    currentVersion: count(),
    secrets: v.array(StoredSecretSchema, 'must be an array of secrets'),
  },
  objectMessage('an object with currentVersion and secrets'),
);

/**
 * Reads a stored document. The secrets-data rules themselves (unique versions, key lengths, …)
 * are checked later, by `parseSecretsData`, once spilled secrets are read.
 *
 * @param bytes The entry's value.
 * @param where Names the entry in messages, e.g. `secure store key "secrets-data"`.
 * @returns The document.
 * @throws {SecretsValidationError} When the bytes are not UTF-8 JSON of the right shape; the
 *   message names fields, never values.
 */
export function decodeDocument(bytes: Uint8Array, where: string): SecretsDocument {
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(bytes, 'get'));
  } catch {
    // No `cause`: JSON.parse quotes the text around the error, and the text holds secrets.
    throw new SecretsValidationError(`Invalid secrets data in ${where}: not UTF-8 JSON`);
  }
  const result = v.safeParse(DocumentSchema, json);
  if (!result.success) {
    const details = describeIssues(result.issues, { root: 'secrets data' });
    throw new SecretsValidationError(`Invalid secrets data in ${where}: ${details}`);
  }
  const { generation, writeId, currentVersion, secrets } = result.output;
  return {
    generation,
    writeId,
    currentVersion,
    secrets: secrets.map((item) => ({
      version: item.version,
      isKey: item.isKey,
      isForCustomEncryption: item.isForCustomEncryption,
      secret: item.secret,
      secretRef: item.secretRef,
    })),
  };
}

/**
 * Reads only the generation of a stored document, for deciding whether to overwrite it.
 *
 * @param bytes The entry's value.
 * @returns The generation, or -1 when the value is not a readable document.
 */
export function generationOf(bytes: Uint8Array): number {
  try {
    return decodeDocument(bytes, 'the head').generation;
  } catch {
    return -1;
  }
}

const encoder = new TextEncoder();

/**
 * Writes a document as compact JSON, secrets-data fields first and default flags left out.
 *
 * @param document The document.
 * @returns Its UTF-8 bytes.
 */
export function encodeDocument(document: SecretsDocument): Uint8Array {
  const secrets = document.secrets.map((item) => ({
    ...(item.secret === undefined ? { secretRef: item.secretRef } : { secret: item.secret }),
    version: item.version,
    ...(item.isKey ? { isKey: true } : {}),
    ...(item.isForCustomEncryption ? { isForCustomEncryption: true } : {}),
  }));
  const { currentVersion, generation, writeId } = document;
  return encoder.encode(JSON.stringify({ currentVersion, secrets, generation, writeId }));
}

/** A stored document with its secrets read and validated. */
export interface LoadedSecrets {
  /** The document as stored. */
  readonly document: SecretsDocument;
  /** The secrets data it holds, validated and frozen. */
  readonly data: SecretsData;
}

/**
 * Builds the document of new secrets data. A secret that was spilled to its own entry and is
 * unchanged keeps its entry (entries never change); every other secret goes inline.
 *
 * @param data The new secrets data.
 * @param base The document it replaces, with its secrets, or `null`.
 * @param generation The new generation.
 * @param writeId A random id of this write.
 * @returns The document, before fitting it to the size limit.
 */
export function toDocument(
  data: SecretsData,
  base: LoadedSecrets | null,
  generation: number,
  writeId: string,
): SecretsDocument {
  const before = new Map(base?.document.secrets.map((item) => [item.version, item]));
  const beforeSecrets = new Map(base?.data.secrets.map((item) => [item.version, item.secret]));
  const secrets = data.secrets.map((item): StoredSecret => {
    const ref = before.get(item.version)?.secretRef;
    const keep = ref !== undefined && beforeSecrets.get(item.version) === item.secret;
    return {
      version: item.version,
      isKey: item.isKey,
      isForCustomEncryption: item.isForCustomEncryption,
      secret: keep ? undefined : item.secret,
      secretRef: keep ? ref : undefined,
    };
  });
  return { generation, writeId, currentVersion: data.currentVersion, secrets };
}

/**
 * Lists the spilled-secret entries a stored document refers to.
 *
 * @param bytes The stored document.
 * @returns Their keys; none when the document is unreadable.
 */
export function refsOf(bytes: Uint8Array): string[] {
  try {
    const document = decodeDocument(bytes, 'a claim');
    return document.secrets.flatMap((item) =>
      item.secretRef === undefined ? [] : [item.secretRef],
    );
  } catch {
    return [];
  }
}
