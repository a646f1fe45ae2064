// What the fuzz suite does to a valid request: variations every client may send (chunked
// framing, Python's escaped JSON, an uppercase country, a trailing slash), after which it must
// still succeed, and mutations after which it may be refused but never with a 5xx — wrong or
// missing headers and content types, CR/LF and bytes past ASCII in header values, odd paths and
// methods, broken bodies, broken uploads and token forms.

import fc from 'fast-check';
import {
  type ByteMutation,
  byteMutation,
  type TreeMutation,
  treeMutation,
  type UploadPart,
} from './fuzz-bodies.ts';
import { SECRET_MARKER, VALUE_MARKER } from './fuzz-values.ts';

/** Changes a server must take as it takes the request without them. */
export interface Variation {
  /** Non-ASCII escaped as `\uXXXX` (Python's `json.dumps`). */
  readonly asciiJson: boolean;
  readonly framing: 'length' | 'chunked';
  /** The JSON body's Content-Type: any is read as JSON (json-body.ts). */
  readonly jsonType: 'application/json' | 'application/json; charset=utf-8' | 'text/plain' | 'none';
  readonly upperCountry: boolean;
  /** A trailing `/` (Python joins `…/records/us` + `/` + `""`). */
  readonly trailingSlash: boolean;
  /** `bearer` and a tab: the scheme is case-insensitive, the space may be any blank. */
  readonly bearerSpelling: 'Bearer ' | 'bearer\t' | 'BEARER  ';
}

/** A variation. */
export const variation: fc.Arbitrary<Variation> = fc.record({
  asciiJson: fc.boolean(),
  framing: fc.constantFrom('length', 'chunked'),
  jsonType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'none',
  ),
  upperCountry: fc.boolean(),
  trailingSlash: fc.boolean(),
  bearerSpelling: fc.constantFrom('Bearer ', 'bearer\t', 'BEARER  '),
});

/** A header value; `{token}`, `{env}`, `{basic}` and the like are filled in when sent. */
export type HeaderValue = string | readonly number[];

/** A change to the records or upload part of a multipart upload. */
export type UploadChange =
  | { readonly kind: 'boundary'; readonly contentType: string }
  | { readonly kind: 'unclosed' }
  | { readonly kind: 'part'; readonly part: Partial<UploadPart> }
  | { readonly kind: 'parts'; readonly count: number };

/** A mutation; a request with any is no longer known to be valid. */
export type Mutation =
  | { readonly kind: 'tree'; readonly mutation: TreeMutation }
  | { readonly kind: 'bytes'; readonly mutation: ByteMutation }
  | { readonly kind: 'header'; readonly name: string; readonly value: HeaderValue | undefined }
  | { readonly kind: 'extra-header'; readonly name: string; readonly value: HeaderValue }
  | { readonly kind: 'country'; readonly value: string }
  | { readonly kind: 'key'; readonly value: HeaderValue }
  | { readonly kind: 'suffix'; readonly value: string }
  | { readonly kind: 'path'; readonly value: string }
  | { readonly kind: 'method'; readonly value: string }
  | { readonly kind: 'unframed' }
  | { readonly kind: 'form-field'; readonly name: string; readonly value: string | undefined }
  | { readonly kind: 'form-text'; readonly value: string }
  | { readonly kind: 'upload'; readonly changes: readonly UploadChange[] };

const latin1 = (text: string): readonly number[] => [...Buffer.from(text, 'latin1')];

const authorization: fc.Arbitrary<HeaderValue | undefined> = fc.constantFrom<
  HeaderValue | undefined
>(
  undefined,
  '',
  'Bearer',
  `Bearer ${SECRET_MARKER}.e30.AAAA`,
  'Bearer {token}x',
  'Bearer {truncated}',
  'Bearer {forged}',
  'Bearer {otherToken}',
  'Bearer {token} {token}',
  `Bearer {token}\r\nX-Injected: ${SECRET_MARKER}`,
  'Bearer {token}\n',
  `Bearer ${SECRET_MARKER}${'x'.repeat(9000)}`,
  `Bearer ${SECRET_MARKER}${'x'.repeat(20_000)}`,
  'Basic {basic}',
  'Basic !!!',
  `Basic ${Buffer.from('no-colon').toString('base64')}`,
  `Basic ${Buffer.from(`:${SECRET_MARKER}`).toString('base64')}`,
  `Basic ${Buffer.from(`{client_id}:${SECRET_MARKER}`).toString('base64')}`,
  `Basic ${Buffer.from([0xff, 0x3a, 0xfe, 0xed, 0xa0, 0x80]).toString('base64')}`,
  'Basic {basic}\r\nX-Injected: 1',
  'Digest {basic}',
  latin1(`Bearer \u00e9${SECRET_MARKER}\u00ff`),
);

const environment: fc.Arbitrary<HeaderValue | undefined> = fc.constantFrom<HeaderValue | undefined>(
  undefined,
  '',
  '{otherEnv}',
  `${VALUE_MARKER}env`,
  '{env}\r\nX-Injected: 1',
  '{env}, {env}',
  '{env}\u0000',
  latin1(`{env}\u00e9`),
  'x'.repeat(10_000),
);

const contentType: fc.Arbitrary<HeaderValue | undefined> = fc.constantFrom<HeaderValue | undefined>(
  undefined,
  '',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary="unclosed',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16le',
  'text/plain\r\nTransfer-Encoding: chunked',
  latin1('application/json; charset=\u00e9'),
);

const sse = fc.constantFrom<HeaderValue | undefined>(
  'true',
  'TRUE',
  ' true ',
  'false',
  'yes',
  'true\r\nX: y',
);

const extraHeader = fc.constantFrom<readonly [string, HeaderValue]>(
  ['Content-Length', '0'],
  ['Content-Length', '-1'],
  ['Content-Length', '99999999999999999999'],
  ['Transfer-Encoding', 'chunked'],
  ['Transfer-Encoding', 'gzip, chunked'],
  ['Expect', '100-continue'],
  ['Expect', 'something-else'],
  ['Content-Encoding', 'gzip'],
  ['Upgrade', 'websocket'],
  ['X-Fuzz', latin1(`${VALUE_MARKER}\u00ff\u0080`)],
  ['X-Fuzz', `${VALUE_MARKER}\r`],
  ['Host', 'evil.example'],
  ['X-Forwarded-Host', 'evil.example'],
  ['X-Forwarded-Proto', 'gopher'],
  ['Authorization', 'Bearer {token}'],
  ['x-env-id', '{otherEnv}'],
  ['X-Long', 'a'.repeat(17_000)],
  ['Bad Name', 'x'],
  ['X\u00e9', 'y'],
  ['Origin', 'https://evil.example'],
);

const keySegment = fc.constantFrom<HeaderValue>(
  '%zz',
  '%',
  '%ED%A0%80',
  '%C0%80',
  '%00',
  '%FF%FE',
  '%0D%0A',
  'x'.repeat(257),
  'x'.repeat(20_000),
  '..',
  '.',
  'sse%3Akey',
  `${VALUE_MARKER}%00`,
  `${VALUE_MARKER}%ED%B0%80`,
  latin1(`${VALUE_MARKER}\u00e9`),
  `${VALUE_MARKER} space`,
);

/** Mutations that apply to any request. */
const anyRequest: fc.Arbitrary<Mutation>[] = [
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constant('authorization'),
    value: authorization,
  }),
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constant('x-env-id'),
    value: environment,
  }),
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constant('content-type'),
    value: contentType,
  }),
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constant('x-encrypted-storage'),
    value: sse,
  }),
  extraHeader.map(([name, value]) => ({ kind: 'extra-header' as const, name, value })),
  fc
    .constantFrom('zz', 'ZZ', 'xyz', 'd', '', '%64e', 'd%00', '%FF', '12', 'us', 'd%C3%A9')
    .map((value) => ({ kind: 'country' as const, value })),
  keySegment.map((value) => ({ kind: 'key' as const, value })),
  fc
    .constantFrom(
      '?x=1',
      '?%zz&a',
      '#frag',
      '/extra',
      '/attachments',
      '/attachments/x/meta/y',
      ';',
      '%2F',
    )
    .map((value) => ({ kind: 'suffix' as const, value })),
  fc
    .constantFrom(
      '/v2/storage/records',
      '/v2/storage/records/',
      '/',
      '*',
      'http://evil.example/v2/storage/records/{country}',
      '/oauth2/token',
      '/countries/x',
      '/%',
      '/..%2F..%2Fetc%2Fpasswd',
      '//v2/storage/records/{country}',
    )
    .map((value) => ({ kind: 'path' as const, value })),
  fc
    .constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'FOO', 'get')
    .map((value) => ({ kind: 'method' as const, value })),
  fc.constant({ kind: 'unframed' as const }),
  byteMutation.map((mutation) => ({ kind: 'bytes' as const, mutation })),
];

/** Mutations of the records routes: those, and changes to the JSON body. */
export const recordMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 8, arbitrary: treeMutation.map((mutation) => ({ kind: 'tree' as const, mutation })) },
  ...anyRequest.map((arbitrary) => ({ weight: 1, arbitrary })),
);

/** Mutations of the attachment routes: those, and changes to the upload or the meta JSON. */
export const attachmentMutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(uploadChange(), { minLength: 1, maxLength: 3 })
      .map((changes) => ({ kind: 'upload' as const, changes })),
  },
  { weight: 3, arbitrary: treeMutation.map((mutation) => ({ kind: 'tree' as const, mutation })) },
  ...anyRequest.map((arbitrary) => ({ weight: 1, arbitrary })),
);

function uploadChange(): fc.Arbitrary<UploadChange> {
  const part = fc.constantFrom<Partial<UploadPart>>(
    { name: 'other' },
    { filename: '' },
    { filename: `${VALUE_MARKER}\r\nContent-Type: text/html` },
    { filename: `${VALUE_MARKER}\u0000.txt` },
    { filename: `${VALUE_MARKER}${'n'.repeat(2000)}` },
    { filename: `${VALUE_MARKER}"quoted".txt` },
    { filename: undefined, contentType: undefined },
    { extendedFilename: "UTF-8''%ZZ" },
    { extendedFilename: "UTF-8''%ED%A0%80" },
    { extendedFilename: "UTF-8''%00" },
    { extendedFilename: "bogus''x" },
    { extendedFilename: `UTF-8''${'%41'.repeat(2000)}` },
    { contentType: `${VALUE_MARKER}\u0000/x` },
    { contentType: 'x'.repeat(300) },
    { contentType: '' },
    { content: [...Buffer.alloc(70_000, 0x61)], filename: undefined, contentType: 'text/plain' },
  );
  return fc.oneof(
    fc
      .constantFrom(
        'multipart/form-data; boundary=other',
        'multipart/form-data',
        'multipart/mixed; boundary={boundary}',
      )
      .map((type) => ({ kind: 'boundary' as const, contentType: type })),
    fc.constant({ kind: 'unclosed' as const }),
    part.map((change) => ({ kind: 'part' as const, part: change })),
    fc.constantFrom(2, 60).map((count) => ({ kind: 'parts' as const, count })),
  );
}

/** Mutations of token requests: those, and changes to the form. */
export const tokenMutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.oneof(
      fc.record({
        kind: fc.constant('form-field' as const),
        name: fc.constant('grant_type'),
        value: fc.constantFrom(
          undefined,
          '',
          'password',
          'client_credentials\r\n',
          `${VALUE_MARKER}`,
        ),
      }),
      fc.record({
        kind: fc.constant('form-field' as const),
        name: fc.constantFrom('client_secret', 'client_id'),
        value: fc.constantFrom(
          undefined,
          '',
          '{client_secret}x',
          SECRET_MARKER,
          `${SECRET_MARKER}\u0000`,
          '\ud800',
        ),
      }),
      fc.record({
        kind: fc.constant('form-field' as const),
        name: fc.constant('scope'),
        value: fc.constantFrom('{otherEnv}', `${VALUE_MARKER}scope`, '{env}'),
      }),
      fc
        .constantFrom(
          '%zz=1',
          `grant_type=client_credentials&client_id={client_id}&client_secret=${SECRET_MARKER}%ED%A0%80`,
          'grant_type=client_credentials&client_id=%00&client_secret=%ff',
          '&&&==',
          `grant_type=${'a'.repeat(70_000)}`,
          '{"grant_type":"client_credentials"}',
        )
        .map((value) => ({ kind: 'form-text' as const, value })),
    ),
  },
  ...anyRequest.map((arbitrary) => ({ weight: 1, arbitrary })),
);

/**
 * Mutations for a test case: none (a valid request) about a third of the time.
 *
 * @param mutation The mutations of the route family.
 * @returns The arbitrary.
 */
export function mutations(mutation: fc.Arbitrary<Mutation>): fc.Arbitrary<readonly Mutation[]> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
  );
}
