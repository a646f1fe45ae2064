// Loads the compatibility vectors of the official Node SDK 3.5.0 (shared/vectors/README.md).

import { readFileSync } from 'node:fs';
import { Cipher } from '@residency/crypto';
import { SecretKeyAccessor, type SecretsDataInput } from '@residency/secrets';
import { RecordCodec } from '../../src/index.ts';

/** A record vector: a caller's record and the wire the Node SDK sent for it. */
export interface RecordVector {
  readonly index: number;
  readonly secrets: string;
  readonly envId: string;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
  readonly secretsData: string | SecretsDataInput;
  readonly record: { readonly recordKey: string; readonly [field: string]: unknown };
  readonly wire: { readonly [field: string]: unknown };
  readonly expectedWire?: { readonly [field: string]: unknown };
}

/** A hash vector: filter values and their salted hashes. */
export interface HashVector {
  readonly index: number;
  readonly envId: string;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
  readonly hashes: readonly { readonly value: string; readonly hash: string }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/incountry-node-3.5.0.json', import.meta.url), 'utf8'),
) as { vectors: { [field: string]: unknown }[] };

/** Every record vector, numbered as in the file. */
export const RECORD_VECTORS: readonly RecordVector[] = fixture.vectors
  .map((vector, index) => ({ ...vector, index }) as unknown as RecordVector)
  .filter((vector) => 'record' in vector);

/** Every hash vector, numbered as in the file. */
export const HASH_VECTORS: readonly HashVector[] = fixture.vectors
  .map((vector, index) => ({ ...vector, index }) as unknown as HashVector)
  .filter((vector) => 'hashes' in vector);

/** A cipher on a vector's secrets data (a plain string or an object). */
export function vectorCipher(vector: RecordVector): Cipher {
  return new Cipher({ secrets: new SecretKeyAccessor(vector.secretsData) });
}

/** The LOCAL codec a vector was written with. */
export function vectorCodec(
  vector: RecordVector,
  cipher: Cipher = vectorCipher(vector),
): RecordCodec {
  return new RecordCodec({
    environmentId: vector.envId,
    normalizeKeys: vector.normalizeKeys,
    hashSearchKeys: vector.hashSearchKeys,
    cipher,
  });
}

/** A wire object without its two ciphertexts and without nulls (Node sends explicit nulls). */
export function plainFieldsOf(wire: { readonly [field: string]: unknown }): {
  [field: string]: unknown;
} {
  return Object.fromEntries(
    Object.entries(wire).filter(
      ([field, value]) => value !== null && field !== 'body' && field !== 'precommit_body',
    ),
  );
}
