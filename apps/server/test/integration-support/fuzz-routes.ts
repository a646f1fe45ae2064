// Valid requests of every route, generated from the wire schemas of `@residency/protocol`
// and protocol.md §4 and §8: write, batch write, find, read, delete, batch delete, attachment
// upload, meta and download, the token route and the countries list. The fuzz suite mutates
// them (fuzz-requests.ts); unmutated, each must succeed.

import { MAX_FIND_LIMIT, RANGE_KEY_FIELDS, SEARCH_KEY_FIELDS } from '@residency/protocol';
import fc from 'fast-check';
import { type UploadPart, uploadPart } from './fuzz-bodies.ts';
import {
  int64,
  keyValue,
  markedText,
  recordKey,
  sortField,
  type WireObject,
  type WireValue,
  wireDate,
} from './fuzz-values.ts';

/** What the server must answer an unmutated request with. */
export type Expectation =
  /** 2xx. */
  | 'success'
  /** 2xx, or 404 when what it names is gone (a fuzzed delete may have removed it). */
  | 'success-or-missing'
  /** 200, or 429 once the token route limits a client's failed attempts. */
  | 'token';

/** The body of a request before it is written. */
export type SpecBody =
  | { readonly json: WireValue }
  | { readonly form: readonly (readonly [string, string])[] }
  | { readonly multipart: { readonly boundary: string; readonly parts: readonly UploadPart[] } };

/** A valid request. */
export interface RequestSpec {
  readonly route: string;
  readonly method: string;
  /** The path, percent-encoded; `{country}` stands for the country segment. */
  readonly path: string;
  /** `bearer`: the records token and `x-env-id`; `basic`: the token client's credentials. */
  readonly auth: 'bearer' | 'basic' | 'none';
  readonly body?: SpecBody | undefined;
  /** The record key's segment in `path`, for path mutations; absent when there is none. */
  readonly keySegment?: string | undefined;
  readonly expect: Expectation;
}

/** What the generated requests name: the records every run can rely on. */
export interface FuzzAnchors {
  /** A record written before the run, with an attachment; no generated delete names it. */
  readonly recordKey: string;
  /** The attachment's file id. */
  readonly fileId: string;
  /** The environment of the token client (`scope`). */
  readonly tokenEnvironmentId: string;
}

const RECORDS = '/v2/storage/records/{country}';

const nullable = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.option(arbitrary, { nil: null, freq: 4 });

const STRING_FIELDS = [
  'profile_key',
  'parent_key',
  ...['1', '2', '3', '4', '5'].map((number) => `service_key${number}`),
  ...SEARCH_KEY_FIELDS,
];

function recordShape(): { [field: string]: fc.Arbitrary<WireValue> } {
  const shape: { [field: string]: fc.Arbitrary<WireValue> } = {
    record_key: recordKey,
    body: nullable(fc.oneof(markedText(200), markedText(5000))),
    precommit_body: nullable(markedText(100)),
    // Later than now: an expiry that has come is refused (write-records.ts).
    expires_at: nullable(wireDate(2030)),
    version: nullable(fc.oneof(fc.constantFrom(0, Number.MAX_SAFE_INTEGER), fc.nat())),
    is_encrypted: nullable(fc.boolean()),
  };
  for (const field of STRING_FIELDS) shape[field] = nullable(keyValue);
  for (const field of RANGE_KEY_FIELDS) shape[field] = nullable(int64);
  return shape;
}

/** A record as `ApiRecordSchema` takes it: `record_key`, any other field optional or null. */
const apiRecord: fc.Arbitrary<WireObject> = fc.record(recordShape(), {
  requiredKeys: ['record_key'],
}) as fc.Arbitrary<WireObject>;

const listOf = <T>(item: fc.Arbitrary<T>) => fc.array(item, { minLength: 1, maxLength: 3 });

/** One operand form of a field: a scalar, a list, null, or `$not`. */
function operand(scalar: fc.Arbitrary<WireValue>, nullableField: boolean) {
  const base = nullableField
    ? fc.oneof(scalar, listOf(scalar), fc.constant(null))
    : fc.oneof(scalar, listOf(scalar));
  return fc.oneof(
    base,
    base.map((value) => ({ $not: value })),
  );
}

/** Range operators, at most one bound per side (protocol.md §8.2). */
function rangeOperators(scalar: fc.Arbitrary<WireValue>): fc.Arbitrary<WireObject> {
  return fc
    .record(
      {
        low: fc.constantFrom('$gt', '$gte'),
        lowValue: scalar,
        high: fc.constantFrom('$lt', '$lte'),
        highValue: scalar,
      },
      { requiredKeys: [] },
    )
    .filter((bounds) => bounds.low !== undefined || bounds.high !== undefined)
    .map((bounds) => {
      const object: { [key: string]: WireValue } = {};
      if (bounds.low !== undefined && bounds.lowValue !== undefined)
        object[bounds.low] = bounds.lowValue;
      if (bounds.high !== undefined && bounds.highValue !== undefined)
        object[bounds.high] = bounds.highValue;
      return object;
    })
    .filter((object) => Object.keys(object).length > 0);
}

const stringCondition = operand(keyValue, true);
const searchCondition = fc.oneof(
  stringCondition,
  markedText(60).map((text) => ({ $like: text })),
);
const intCondition = fc.oneof(operand(int64, true), rangeOperators(int64));
const dateCondition = (nullableField: boolean) =>
  fc.oneof(operand(wireDate(), nullableField), rangeOperators(wireDate()));

const orFilter = fc.array(
  fc
    .record(
      { record_key: operand(recordKey, true), profile_key: stringCondition, key3: searchCondition },
      { requiredKeys: [] },
    )
    .filter((item) => Object.keys(item).length > 0),
  { minLength: 2, maxLength: 3 },
);

const fieldFilter = fc.record(
  {
    record_key: operand(recordKey, true),
    profile_key: stringCondition,
    service_key2: stringCondition,
    key1: searchCondition,
    key20: searchCondition,
    version: intCondition,
    range_key1: intCondition,
    range_key10: intCondition,
    created_at: dateCondition(false),
    updated_at: dateCondition(false),
    expires_at: dateCondition(true),
    $or: orFilter,
  },
  { requiredKeys: [] },
);

// `search_keys` excludes `key1..20` and `$or` (protocol.md §8.2).
const searchFilter = fc.record(
  {
    search_keys: markedText(200).filter((text) => text.length >= 3),
    range_key2: intCondition,
    parent_key: stringCondition,
  },
  { requiredKeys: ['search_keys'] },
);

const findOptions = fc.record(
  {
    limit: fc.integer({ min: 1, max: MAX_FIND_LIMIT }),
    offset: fc.oneof(fc.constantFrom(0, Number.MAX_SAFE_INTEGER), fc.nat()),
    sort: fc
      .uniqueArray(sortField, { minLength: 1, maxLength: 3 })
      .chain((fields) =>
        fc.tuple(
          ...fields.map((field) =>
            fc.constantFrom('asc', 'desc').map((direction) => ({ [field]: direction })),
          ),
        ),
      ),
  },
  { requiredKeys: [] },
);

/** A find request body as `FindRequestSchema` and the filter grammar take it. */
const findRequest: fc.Arbitrary<WireObject> = fc.record(
  { filter: fc.oneof(fieldFilter, searchFilter), options: findOptions },
  { requiredKeys: ['filter'] },
) as fc.Arbitrary<WireObject>;

const json = (value: fc.Arbitrary<WireValue>) => value.map((body) => ({ json: body }));

function recordsRoutes(anchors: FuzzAnchors): fc.Arbitrary<RequestSpec>[] {
  const keyPath = (key: string) => `${RECORDS}/${encodeURIComponent(key)}`;
  const spec = (route: string, method: string, path: string, expect: Expectation = 'success') => ({
    route,
    method,
    path,
    auth: 'bearer' as const,
    expect,
  });
  return [
    json(apiRecord).map((body) => ({ ...spec('write', 'POST', RECORDS), body })),
    json(listOf(apiRecord).map((records) => ({ records }))).map((body) => ({
      ...spec('batchWrite', 'POST', `${RECORDS}/batchWrite`),
      body,
    })),
    json(findRequest).map((body) => ({ ...spec('find', 'POST', `${RECORDS}/find`), body })),
    fc.oneof(fc.constant(anchors.recordKey), recordKey).map((key) => ({
      ...spec('read', 'GET', keyPath(key), 'success-or-missing'),
      keySegment: encodeURIComponent(key),
    })),
    recordKey.map((key) => ({
      ...spec('delete', 'DELETE', keyPath(key), 'success-or-missing'),
      keySegment: encodeURIComponent(key),
    })),
    json(listOf(recordKey).map((keys) => ({ filter: { record_key: keys } }))).map((body) => ({
      ...spec('batchDelete', 'POST', `${RECORDS}/batchDelete`),
      body,
    })),
  ];
}

const meta = fc
  .record(
    {
      filename: markedText(100),
      mime_type: fc.oneof(
        fc.constantFrom('text/plain', '123', 'application/x-fuzz; a=b'),
        markedText(255),
      ),
    },
    { requiredKeys: [] },
  )
  .filter((update) => Object.keys(update).length > 0)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a MIME type text holds none.
  .filter((update) => !/[\u0000-\u001f\u007f]/.test(update.mime_type ?? ''));

function attachmentRoutes(anchors: FuzzAnchors): fc.Arbitrary<RequestSpec>[] {
  const base = `${RECORDS}/${encodeURIComponent(anchors.recordKey)}/attachments`;
  const fileId = fc.oneof(fc.constant(anchors.fileId), markedText(30));
  const spec = (route: string, method: string, path: string, expect: Expectation) => ({
    route,
    method,
    path,
    auth: 'bearer' as const,
    keySegment: encodeURIComponent(anchors.recordKey),
    expect,
  });
  const upload = fc.record({
    // RFC 2046 §5.1.1 `bchars`, quoted in the header when past the token characters.
    boundary: fc.stringMatching(/^[A-Za-z0-9'()+_,./:=? -]{0,69}[A-Za-z0-9'()+_,./:=?-]$/),
    parts: uploadPart.map((part) => [part]),
  });
  return [
    fc.tuple(fc.constantFrom('POST', 'PUT'), upload).map(([method, multipart]) => ({
      ...spec('upload', method, base, 'success-or-missing'),
      body: { multipart },
    })),
    fc.tuple(fileId, meta).map(([id, update]) => ({
      ...spec(
        'updateMeta',
        'PATCH',
        `${base}/${encodeURIComponent(id)}/meta`,
        'success-or-missing',
      ),
      body: { json: update },
    })),
    fc.tuple(fileId, fc.constantFrom('', '/meta')).map(([id, rest]) => ({
      ...spec(
        'attachment',
        'GET',
        `${base}/${encodeURIComponent(id)}${rest}`,
        'success-or-missing',
      ),
    })),
    markedText(30).map((id) => ({
      ...spec(
        'deleteAttachment',
        'DELETE',
        `${base}/${encodeURIComponent(id)}`,
        'success-or-missing',
      ),
    })),
  ];
}

/**
 * Valid requests of the records routes, the countries list and the health check.
 *
 * @param anchors What the requests may name.
 * @returns The arbitrary.
 */
export function recordSpecs(anchors: FuzzAnchors): fc.Arbitrary<RequestSpec> {
  const open = (route: string, path: string): RequestSpec => ({
    route,
    method: 'GET',
    path,
    auth: 'none',
    expect: 'success',
  });
  return fc.oneof(...recordsRoutes(anchors).map((arbitrary) => ({ weight: 4, arbitrary })), {
    weight: 1,
    arbitrary: fc.constantFrom(open('countries', '/countries'), open('health', '/healthcheck')),
  });
}

/**
 * Valid requests of the attachment routes of the anchor record, uploads most.
 *
 * @param anchors What the requests may name.
 * @returns The arbitrary.
 */
export function attachmentSpecs(anchors: FuzzAnchors): fc.Arbitrary<RequestSpec> {
  const [upload, ...others] = attachmentRoutes(anchors) as [
    fc.Arbitrary<RequestSpec>,
    ...fc.Arbitrary<RequestSpec>[],
  ];
  return fc.oneof(
    { weight: 3, arbitrary: upload },
    ...others.map((arbitrary) => ({ weight: 1, arbitrary })),
  );
}

/**
 * Valid token requests: the client credentials grant, credentials in HTTP Basic or in the form.
 *
 * @param anchors The token client's environment.
 * @returns The arbitrary; `auth: 'basic'` sends the credentials in the header, else in the form.
 */
export function tokenSpecs(anchors: FuzzAnchors): fc.Arbitrary<RequestSpec> {
  return fc
    .record({
      basic: fc.boolean(),
      scope: fc.constantFrom(anchors.tokenEnvironmentId, '', undefined),
      audience: fc.option(
        fc.oneof(fc.constant('https://de.example https://us.example'), markedText(30)),
        { nil: undefined },
      ),
    })
    .map(({ basic, scope, audience }) => {
      const form: [string, string][] = [['grant_type', 'client_credentials']];
      if (scope !== undefined) form.push(['scope', scope]);
      if (audience !== undefined) form.push(['audience', audience]);
      if (!basic) form.push(['client_id', '{client_id}'], ['client_secret', '{client_secret}']);
      return {
        route: 'token',
        method: 'POST',
        path: '/oauth2/token',
        auth: basic ? ('basic' as const) : ('none' as const),
        body: { form },
        expect: 'token' as const,
      };
    });
}
