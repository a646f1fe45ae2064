// Everything a records route needs about its request, resolved once: the environment (from the
// token), the country's store (the country must be one this server serves), and the key and body
// treatment — as given, or server-side encryption when the request says
// `X-Encrypted-Storage: true`.

import { MAX_KEY_LENGTH } from '@residency/protocol';
import type { Context } from 'hono';
import type { AppSettings } from '../app-options.ts';
import { type AuditTrail, DISABLED_AUDIT_TRAIL } from '../audit/audit-trail.ts';
import { COUNTRY_CODE_PATTERN } from '../config/countries.ts';
import type { FilterContext } from '../find/find-filter.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { hasNul, NUL_RULE } from '../http/json-body.ts';
import type { DownloadLink } from '../records/record-to-wire.ts';
import { SSE_KEY_PREFIX, SseCodec } from '../sse/sse-codec.ts';
import { isValidSseRecordKey } from '../sse/sse-limits.ts';
import type { AuditAction, CountryStore, RecordWrite, StoredRecord } from '../store/index.ts';

/** One request's view of the records of an environment in a country. */
export interface RecordScope {
  readonly environmentId: string;
  /** Lowercase country code. */
  readonly country: string;
  readonly store: CountryStore;
  /** The SSE codec when the request asked for server-side encryption. */
  readonly sse: SseCodec | undefined;
  /** Converts a record key as the client names it to the key as stored; checks it first. */
  readonly storedKey: (recordKey: string, source: string) => string;
  /** Converts a record the client wrote to what the store keeps. */
  readonly toStored: (record: RecordWrite) => RecordWrite;
  /** Converts a stored record to what the client reads. */
  readonly fromStored: (record: StoredRecord) => StoredRecord;
  /** How filter operands are stored. */
  readonly filterContext: FilterContext;
  /** The absolute URL of an attachment's download route. */
  readonly downloadLink: DownloadLink;
  /** The request's audit row in the making; writes nothing when auditing is off. */
  readonly audit: AuditTrail;
}

const RESERVED_KEY_RULE = `must not start with "${SSE_KEY_PREFIX}" (reserved for server-side encryption)`;
const SSE_KEY_RULE =
  'must be at most 128 characters without "/", "#", "?" or line breaks in SSE mode';
const PLAIN_SEARCH_KEYS_RULE =
  'needs plain search keys: in SSE mode this environment stores key1..key20 as keyed hashes (see residency-server env add --plain-search-keys)';

/**
 * Reads and checks the `:country` path parameter.
 *
 * @param context The request context.
 * @param settings The served countries.
 * @returns The lowercase code of a served country.
 * @throws {ApiError} 400 for a malformed code, 404 for a country not served here.
 */
function servedCountry(context: Context<AppEnv>, settings: AppSettings): string {
  const code = context.req.param('country') ?? '';
  if (!COUNTRY_CODE_PATTERN.test(code)) {
    throw ApiError.of(400, 'country', 'must be a two-letter country code');
  }
  const country = code.toLowerCase();
  if (!settings.countries.some((served) => served.code === country)) {
    throw ApiError.of(404, 'country', 'is not served by this server');
  }
  return country;
}

function isSseRequest(context: Context<AppEnv>): boolean {
  return context.req.header('x-encrypted-storage')?.trim().toLowerCase() === 'true';
}

function baseUrl(context: Context<AppEnv>, settings: AppSettings): string {
  return settings.publicUrl ?? new URL(context.req.url).origin;
}

/** A stored key is the SDK's 64-hex hash; no SDK sends one past the string keys' 256. */
const RECORD_KEY_LENGTH_RULE = `must be at most ${MAX_KEY_LENGTH} characters`;

function plainKey(recordKey: string, source: string): string {
  if (recordKey.length > MAX_KEY_LENGTH) throw ApiError.of(400, source, RECORD_KEY_LENGTH_RULE);
  if (recordKey.startsWith(SSE_KEY_PREFIX)) throw ApiError.of(400, source, RESERVED_KEY_RULE);
  if (hasNul(recordKey)) throw ApiError.of(400, source, NUL_RULE);
  return recordKey;
}

function sseKey(codec: SseCodec): (recordKey: string, source: string) => string {
  return (recordKey, source) => {
    if (!isValidSseRecordKey(recordKey)) throw ApiError.of(400, source, SSE_KEY_RULE);
    if (hasNul(recordKey)) throw ApiError.of(400, source, NUL_RULE);
    return codec.hash(recordKey);
  };
}

/**
 * Resolves the scope of a records request (after `requireToken`).
 *
 * @param context The request context.
 * @param settings The app's settings.
 * @param action What the request does, for its audit row (which exists from here on).
 * @returns The scope.
 * @throws {ApiError} 400/404 for the country (see `servedCountry`).
 */
export async function recordScope(
  context: Context<AppEnv>,
  settings: AppSettings,
  action: AuditAction,
): Promise<RecordScope> {
  const country = servedCountry(context, settings);
  const environment = context.get('environment');
  const store = await settings.stores.country(country);
  const audit = context.get('audit') ?? DISABLED_AUDIT_TRAIL;
  audit.begin(country, store, action);
  const base = baseUrl(context, settings);
  const downloadLink: DownloadLink = (recordKey, fileId) =>
    `${base}/v2/storage/records/${country}/${encodeURIComponent(recordKey)}/attachments/${encodeURIComponent(fileId)}`;
  const common = { environmentId: environment.id, country, store, downloadLink, audit };
  if (!isSseRequest(context)) {
    return {
      ...common,
      sse: undefined,
      storedKey: plainKey,
      toStored: (record) => record,
      fromStored: (record) => record,
      filterContext: { toStored: (_field, value) => value },
    };
  }
  const codec = new SseCodec(
    settings.keys.sseMasterKey,
    environment.id,
    environment.plainSearchKeys,
  );
  return {
    ...common,
    sse: codec,
    storedKey: sseKey(codec),
    toStored: (record) => codec.encode(record),
    fromStored: (record) => codec.decode(record),
    filterContext: {
      toStored: (field, value) => (codec.isHashed(field) ? codec.hash(value) : value),
      partialMatchRefusal: environment.plainSearchKeys ? undefined : PLAIN_SEARCH_KEYS_RULE,
    },
  };
}
