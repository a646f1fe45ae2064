// The filters of an audit listing, checked once for the CLI (`residency-server audit`) and the
// operator route alike; messages name the filter and the rule, never the value given.

import { COUNTRY_CODE_PATTERN } from '../config/countries.ts';
import type { AuditEntry } from '../store/index.ts';

/** How many rows a listing returns unless told. */
const DEFAULT_AUDIT_LIMIT = 100;

/** The most rows one listing returns. */
const MAX_AUDIT_LIMIT = 10_000;

/** A checked audit listing. */
export interface AuditListing {
  /** Lowercase country code. */
  readonly country: string;
  readonly environment?: string | undefined;
  readonly since?: Date | undefined;
  readonly limit: number;
}

/** The filters as given, text each. */
export interface AuditListingText {
  readonly country?: string | undefined;
  readonly environment?: string | undefined;
  readonly since?: string | undefined;
  readonly limit?: string | undefined;
}

/** A filter breaks its rule; `field` names it (`country`, `since`, …). */
export class AuditQueryError extends Error {
  /** The filter at fault. */
  readonly field: string;

  /**
   * @param field The filter.
   * @param rule What it must be.
   */
  constructor(field: string, rule: string) {
    super(`${field} ${rule}`);
    this.name = 'AuditQueryError';
    this.field = field;
  }
}

// A date, or a date and time with a zone: what `new Date` reads the same on every runtime.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Checks the filters of an audit listing.
 * @param text The filters as given.
 * @returns The listing.
 * @throws {AuditQueryError} A missing or malformed country, an empty environment, a `since`
 *   that is no ISO 8601 instant, a `limit` outside 1..MAX_AUDIT_LIMIT.
 */
export function parseAuditListing(text: AuditListingText): AuditListing {
  const { country, environment, since, limit } = text;
  if (country === undefined || !COUNTRY_CODE_PATTERN.test(country)) {
    throw new AuditQueryError('country', 'must be a two-letter country code');
  }
  if (environment !== undefined && (environment === '' || environment.length > 256)) {
    throw new AuditQueryError('environment', 'must be an environment id of 1 to 256 characters');
  }
  const sinceDate = since === undefined ? undefined : new Date(since);
  if (since !== undefined && (!ISO_INSTANT.test(since) || Number.isNaN(sinceDate?.getTime()))) {
    throw new AuditQueryError('since', 'must be an ISO 8601 date or date-time with a zone');
  }
  const count = limit === undefined ? DEFAULT_AUDIT_LIMIT : Number(limit);
  if ((limit !== undefined && !/^\d+$/.test(limit)) || count < 1 || count > MAX_AUDIT_LIMIT) {
    throw new AuditQueryError('limit', `must be an integer from 1 to ${MAX_AUDIT_LIMIT}`);
  }
  return { country: country.toLowerCase(), environment, since: sinceDate, limit: count };
}

/**
 * An audit row as printed (one JSON line) and as the operator route answers it.
 * @param entry The row.
 * @returns Its wire form: snake_case, the time in ISO 8601.
 */
export function auditRowToJson(entry: AuditEntry): Record<string, unknown> {
  return {
    time: entry.time.toISOString(),
    environment: entry.environment,
    client_id: entry.clientId,
    action: entry.action,
    country: entry.country,
    status: entry.status,
    request_id: entry.requestId,
    key_hashes: entry.keyHashes,
    key_count: entry.keyCount,
  };
}
