import { readFileSync } from 'node:fs';
import type { SecretsData } from './secret-source.ts';

/** A record written by the official Node SDK 3.5.0, with what it sent. */
export interface RecordVector {
  readonly secrets: string;
  readonly envId: string;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
  readonly secretsData: string | SecretsData;
  readonly record: Readonly<Record<string, unknown>>;
  readonly wire: Readonly<Record<string, unknown>>;
  readonly expectedWire?: Readonly<Record<string, unknown>>;
}

/** Salted hashes of filter values as the official Node SDK 3.5.0 sent them. */
export interface HashVector {
  readonly secrets: string;
  readonly envId: string;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
  readonly hashes: readonly { readonly value: string; readonly hash: string }[];
}

type Vector = RecordVector | HashVector;

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/incountry-node-3.5.0.json', import.meta.url), 'utf8'),
) as { vectors: Vector[] };

/** Every record vector, numbered by its index in the fixture. */
export const recordVectors: readonly (RecordVector & { readonly index: number })[] = fixture.vectors
  .map((vector, index) => ({ ...vector, index }))
  .filter((vector): vector is RecordVector & { index: number } => 'wire' in vector);

/** Every hash vector, numbered by its index in the fixture. */
export const hashVectors: readonly (HashVector & { readonly index: number })[] = fixture.vectors
  .map((vector, index) => ({ ...vector, index }))
  .filter((vector): vector is HashVector & { index: number } => 'hashes' in vector);

/** The always-hashed wire fields and their record (camelCase) names. */
export const HASHED_FIELDS: readonly (readonly [string, string])[] = [
  ['record_key', 'recordKey'],
  ['profile_key', 'profileKey'],
  ['parent_key', 'parentKey'],
  ...[1, 2, 3, 4, 5].map((number) => [`service_key${number}`, `serviceKey${number}`] as const),
];

/** `key1..key20`: hashed when `hashSearchKeys`, else sent plain. */
export const SEARCH_KEY_FIELDS: readonly string[] = Array.from(
  { length: 20 },
  (_, index) => `key${index + 1}`,
);

/**
 * Maps an envelope `meta` field name to the record's camelCase name.
 *
 * @returns The record field name.
 */
export function recordFieldOf(metaField: string): string {
  const hashed = HASHED_FIELDS.find(([wire]) => wire === metaField);
  return hashed === undefined ? metaField : hashed[1];
}

/** The official SDKs' own compatibility vectors (protocol.md §6.9): one password, one env. */
export interface CompatibilityVectors {
  readonly source: string;
  readonly envId: string;
  readonly secret: string;
  readonly records: readonly {
    readonly record: Readonly<Record<string, string>>;
    readonly wire: Readonly<Record<string, string | number>>;
  }[];
}

/** protocol.md §6.9's vectors, copied from the official SDKs' test suites. */
export const compatibilityVectors: CompatibilityVectors = JSON.parse(
  readFileSync(new URL('../fixtures/incountry-compatibility.json', import.meta.url), 'utf8'),
) as CompatibilityVectors;
