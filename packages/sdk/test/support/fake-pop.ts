// A small in-memory storage API on msw recording handlers, enough to drive every method of the
// facade end to end: records are stored as sent (hashed keys, encrypted bodies), echoed with
// server dates, and found by equality of the filter's string fields.

import {
  createRecordingHandler,
  type RecordedRequest,
  type RecordingHandler,
  tokenHandler,
} from '@residency/testing';
import type { HttpHandler } from 'msw';
import { type FakeAttachments, fakeAttachments } from './fake-attachments.ts';

/** The PoP of the tests (`endpoint`), so the countries list is not consulted. */
export const ENDPOINT = 'https://pop.residency.test';
/** The token endpoint of the tests (`options.authEndpoints.default`). */
export const AUTH_URL = 'https://auth.residency.test/oauth2/token';
/** The countries list of the tests (`options.countriesEndpoint`). */
export const COUNTRIES_URL = 'https://countries.residency.test/countries';
/** The environment id of the tests. */
export const ENVIRONMENT_ID = 'env-sdk-test';

type StoredRecord = Record<string, unknown>;

const SERVER_DATE = '2024-05-01T12:00:00.000Z';

/** The handlers of a fake PoP and what they saw. */
export interface FakePop {
  /** Every handler, token endpoint included, for `server.use(...)`. */
  readonly handlers: HttpHandler[];
  /** The stored records of each country, by stored (hashed) record key. */
  readonly records: Map<string, Map<string, StoredRecord>>;
  /** Every request the PoP received (not the token endpoint), grouped by route. */
  readonly calls: () => RecordedRequest[];
  /** The requests of one method whose path ends with `suffix`. */
  readonly callsTo: (method: string, suffix: string) => RecordedRequest[];
  /** The token endpoint's handler. */
  readonly token: RecordingHandler;
  /** The attachment routes and the files they hold. */
  readonly attachments: FakeAttachments;
}

function withServerFields(record: StoredRecord): StoredRecord {
  return { ...record, created_at: SERVER_DATE, updated_at: SERVER_DATE, attachments: [] };
}

function matches(record: StoredRecord, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([field, wanted]) => {
    if (typeof wanted === 'string' || typeof wanted === 'number') return record[field] === wanted;
    if (Array.isArray(wanted)) return wanted.includes(record[field]);
    if (typeof wanted === 'object' && wanted !== null && '$not' in wanted) {
      const not = (wanted as { $not: unknown }).$not;
      return Array.isArray(not) ? !not.includes(record[field]) : record[field] !== not;
    }
    return true; // ranges and others: not needed by these tests
  });
}

/** What a write stores: the record without the conditional-write field (ignored here). */
function withoutPrecondition(record: StoredRecord): StoredRecord {
  const { expected_updated_at: _, ...stored } = record;
  return stored;
}

/**
 * Creates a fake PoP at `ENDPOINT` and a token endpoint at `AUTH_URL`.
 *
 * @returns The handlers, the stored records and the recorded calls.
 */
export function fakePop(): FakePop {
  const records = new Map<string, Map<string, StoredRecord>>();
  const country = (code: string | undefined) => {
    const key = code ?? '';
    if (!records.has(key)) records.set(key, new Map());
    return records.get(key) as Map<string, StoredRecord>;
  };
  const prefix = `${ENDPOINT}/v2/storage/records/:country`;
  const countryOf = (call: RecordedRequest) => call.path.split('/')[4];
  const keyOf = (call: RecordedRequest) => decodeURIComponent(call.path.split('/')[5] ?? '');
  const token = tokenHandler({ url: AUTH_URL });
  const pop: RecordingHandler[] = [
    createRecordingHandler('POST', `${prefix}/find`, ({ call }) => {
      const { filter = {}, options = {} } = call.body as {
        filter?: Record<string, unknown>;
        options?: { limit?: number; offset?: number };
      };
      const { limit = 100, offset = 0 } = options;
      const found = [...country(countryOf(call)).values()].filter((record) =>
        matches(record, filter),
      );
      const data = found.slice(offset, offset + limit).map(withServerFields);
      return Response.json({
        data,
        meta: { count: data.length, limit, offset, total: found.length },
      });
    }),
    createRecordingHandler('POST', `${prefix}/batchWrite`, ({ call }) => {
      const { records: batch } = call.body as { records: StoredRecord[] };
      for (const record of batch) {
        country(countryOf(call)).set(String(record.record_key), withoutPrecondition(record));
      }
      return Response.json({ records: batch.map(withServerFields) });
    }),
    createRecordingHandler('POST', `${prefix}/batchDelete`, ({ call }) => {
      const { filter } = call.body as { filter: { record_key: string[] } };
      for (const key of filter.record_key) country(countryOf(call)).delete(key);
      return Response.json({});
    }),
    createRecordingHandler('POST', prefix, ({ call }) => {
      const record = call.body as StoredRecord;
      country(countryOf(call)).set(String(record.record_key), record);
      return Response.json(withServerFields(record));
    }),
    createRecordingHandler('GET', `${prefix}/:key`, ({ call }) => {
      const record = country(countryOf(call)).get(keyOf(call));
      if (record === undefined) return notFound();
      return Response.json(withServerFields(record));
    }),
    createRecordingHandler('DELETE', `${prefix}/:key`, ({ call }) => {
      if (!country(countryOf(call)).delete(keyOf(call))) return notFound();
      return new Response(null, { status: 204 });
    }),
    createRecordingHandler('GET', `${ENDPOINT}/healthcheck`, () => Response.json({})),
  ];
  const attachments = fakeAttachments(prefix, (code, key) => country(code).has(key));
  return {
    handlers: [
      token.handler,
      ...pop.map((recording) => recording.handler),
      ...attachments.handlers,
    ],
    records,
    token,
    attachments,
    calls: () => pop.flatMap((recording) => recording.calls),
    callsTo: (method, suffix) =>
      pop
        .flatMap((recording) => recording.calls)
        .filter((call) => call.method === method && call.path.endsWith(suffix)),
  };
}

function notFound(): Response {
  return Response.json(
    { errors: [{ title: 'Not Found', source: 'record_key', detail: 'Record not found' }] },
    { status: 404 },
  );
}
