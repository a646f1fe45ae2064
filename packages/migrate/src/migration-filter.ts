import type { WireFindFilter } from '@residency/storage';

/**
 * The find filter of records still to migrate (protocol.md §9.1): `version` other than the
 * current one, and none of the excluded keys (records that failed, kept out so a run never
 * meets them again).
 *
 * @param version The current secret version.
 * @param excluded Stored (hashed) keys to leave out.
 * @returns The wire filter; keys are already hashed, nothing is hashed again.
 */
export function pendingFilter(version: number, excluded: readonly string[]): WireFindFilter {
  const filter: WireFindFilter = { version: { $not: version } };
  return excluded.length === 0 ? filter : { ...filter, record_key: { $not: excluded } };
}
