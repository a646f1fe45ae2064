// Independent expectations for the codec tests: written out here, not derived from src/.

/** The 28 string keys, camelCase, in wire order. */
export const KEY_NAMES: readonly string[] = [
  'recordKey',
  'profileKey',
  'parentKey',
  ...Array.from({ length: 5 }, (_, index) => `serviceKey${index + 1}`),
  ...Array.from({ length: 20 }, (_, index) => `key${index + 1}`),
];

/** The 10 range keys, camelCase. */
export const RANGE_NAMES: readonly string[] = Array.from(
  { length: 10 },
  (_, index) => `rangeKey${index + 1}`,
);

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * The record `decode` must return for a written record: every field present, absent ones null,
 * `expiresAt` a Date, keys lowercased when `lowercaseKeys`.
 */
export function expectedRecord(
  record: { readonly [field: string]: unknown },
  options: { version: number | null; lowercaseKeys?: boolean },
): { [field: string]: unknown } {
  const result: { [field: string]: unknown } = {
    body: record.body ?? null,
    precommitBody: record.precommitBody ?? null,
    expiresAt: record.expiresAt == null ? null : new Date(record.expiresAt as string),
    createdAt: null,
    updatedAt: null,
    version: options.version,
    attachments: [],
  };
  for (const name of KEY_NAMES) {
    const value = record[name] as string | null | undefined;
    result[name] = value == null ? null : options.lowercaseKeys ? value.toLowerCase() : value;
  }
  for (const name of RANGE_NAMES) result[name] = record[name] ?? null;
  return result;
}

/** The envelope meta of the seed's layout: every key with a value, lowercased if normalizing. */
export function seedMeta(
  record: { readonly [field: string]: unknown },
  normalize: boolean,
): { [field: string]: string } {
  const meta: { [field: string]: string } = {};
  for (const name of KEY_NAMES) {
    const value = record[name] as string | null | undefined;
    if (value != null) meta[snake(name)] = normalize ? value.toLowerCase() : value;
  }
  return meta;
}
