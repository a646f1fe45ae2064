// The values the fuzz suite builds requests from: wire values as the schemas of
// `@residency/protocol` accept them (marked, so an echo can be told apart), and the wrong
// ones a hostile or broken client sends instead — other types, lengths past the limits, ill-formed
// Unicode, impossible dates, integers past 64 bits, deep nesting, CR/LF.

import { INT64_MAX, INT64_MIN, MAX_KEY_LENGTH, SORT_FIELDS } from '@residency/protocol';
import fc from 'fast-check';

/** Every submitted value starts with this: an error answer or a log line holding it echoes input. */
export const VALUE_MARKER = 'FzVal';

/** Every forged secret or token holds this: no answer and no log line may hold it. */
export const SECRET_MARKER = 'FzSecret';

/** JSON text written as it is: number literals no JS number holds, nesting past any stack. */
export class RawJson {
  readonly text: string;

  /** @param text The JSON text. */
  constructor(text: string) {
    this.text = text;
  }
}

/**
 * A JSON value as the fuzz suite writes it: `bigint` is written as bare digits, `RawJson` as its
 * text.
 */
export type WireValue =
  | RawJson
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly WireValue[]
  | { readonly [key: string]: WireValue };

/** A JSON object of the wire. */
export type WireObject = { readonly [key: string]: WireValue };

/** Text without U+0000 (no stored string holds it) and without lone surrogates. */
const plainText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.string({ maxLength, unit: 'grapheme' }),
      fc.string({ maxLength, unit: 'binary' }),
      fc.constantFrom('\r\n', 'a\rb', 'line\nbreak', '"\\/', '%00', 'sse:', '../..', '\u2028'),
    )
    .map((text) => text.replaceAll('\u0000', ''));

/**
 * A marked string that fits a bound, in UTF-16 code units as the schemas count.
 *
 * @param maxLength The most code units, marker included.
 * @returns The arbitrary.
 */
export function markedText(maxLength = 60): fc.Arbitrary<string> {
  return plainText(Math.max(0, maxLength - VALUE_MARKER.length))
    .map((text) => `${VALUE_MARKER}${text}`)
    .filter((text) => text.length <= maxLength);
}

/** A valid string key of a record (`profile_key`, `key1` …): at most 256 code units. */
export const keyValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: markedText(40) },
  { weight: 1, arbitrary: markedText(MAX_KEY_LENGTH).map((text) => text.padEnd(256, 'k')) },
);

/** A valid `record_key`: a 64-hex hash as the SDKs send, or any bounded text. */
export const recordKey: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{59}$/).map((hex) => `${VALUE_MARKER}${hex}`),
  keyValue,
);

/** Signed 64-bit integers, edges first: a bigint past ±(2^53 − 1). */
export const int64: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    2n ** 53n,
    INT64_MIN,
    INT64_MAX,
  ),
  fc.maxSafeInteger(),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
);

/** Integers that are no int64, or no integer: past the range, fractions, infinities. */
const wrongInt: fc.Arbitrary<WireValue> = fc.oneof(
  fc.constantFrom(INT64_MAX + 1n, INT64_MIN - 1n, 10n ** 19n, 10n ** 30n, -(10n ** 40n)),
  fc.constantFrom(2 ** 64, 1.5, -0.000001, 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.double({ noInteger: true }).filter(Number.isFinite),
  fc
    .constantFrom('1e400', '-1e400', '-0', '1E2', '9223372036854775808.0', `1${'0'.repeat(400)}`)
    .map((text) => new RawJson(text)),
);

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** An offset as the wire writes it: `Z`, or `±hh:mm` within a day. */
const offset: fc.Arbitrary<string> = fc.oneof(
  fc.constant('Z'),
  fc
    .tuple(
      fc.constantFrom('+', '-'),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
    )
    .map(([sign, hours, minutes]) => `${sign}${pad(hours, 2)}:${pad(minutes, 2)}`),
);

/**
 * A valid request date-time: `YYYY-MM-DDTHH:MM:SS`, an optional 1-9 digit fraction, an offset.
 *
 * @param minYear The first year; the last is 9998, so no offset pushes it past 9999.
 * @returns The arbitrary.
 */
export function wireDate(minYear = 2): fc.Arbitrary<string> {
  return fc
    .record({
      year: fc.integer({ min: minYear, max: 9998 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
      offset,
    })
    .map(
      (date) =>
        `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}T${pad(date.hour, 2)}:` +
        `${pad(date.minute, 2)}:${pad(date.second, 2)}` +
        `${date.fraction === undefined ? '' : `.${date.fraction}`}${date.offset}`,
    );
}

/** Date-times no request may carry: years 0 and 10000, past the edges by their offset, odd forms. */
const wrongDate: fc.Arbitrary<string> = fc.constantFrom(
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+00:01',
  '10000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31T23:59:59-23:59',
  '9999-12-31T23:59:59.999999999-00:01',
  '2030-01-01T00:00:00+24:00',
  '2030-01-01T00:00:00+23:60',
  '2030-01-01T00:00:00+0100',
  '2030-01-01T00:00:00',
  '2030-02-30T00:00:00Z',
  '2030-01-01T24:00:00Z',
  '2030-01-01T23:59:60Z',
  '2030-01-01T00:00:00.1234567890Z',
  '2030-01-01 00:00:00Z',
  '2030-01-01t00:00:00z',
  '2030-13-01T00:00:00Z',
  '2030-00-00T00:00:00Z',
  '2030-01-01T00:00:00Z\r\n',
  '2001-01-01T00:00:00Z',
  '',
);

/** Strings no stored value may hold: lone surrogates, NUL, and over-long ones. */
const wrongText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\ud800', '\udfff', 'a\udc00b', '\ud83d', '\u0000', `${VALUE_MARKER}\u0000`),
  markedText(10).map((text) => `${text}\ud800`),
  markedText(10).map((text) => `${text}\u0000`),
  markedText(10).map((text) => text.repeat(40).padEnd(257, 'x')),
  fc.constantFrom(10_000, 70_000).map((length) => `${VALUE_MARKER}${'x'.repeat(length)}`),
);

/** Deeply nested values, from just around the server's depth limit to far past any stack. */
const deepValue: fc.Arbitrary<WireValue> = fc
  .tuple(
    fc.constantFrom(31, 32, 33, 300, 3000, 100_000),
    fc.constantFrom('1', String(INT64_MAX), '"x"', 'null', '1e400'),
    fc.constantFrom(['[', ']'], ['{"a":', '}'], ['[{"a":', '}]']),
  )
  .map(
    ([depth, inner, [open, close]]) =>
      new RawJson(`${open.repeat(depth)}${inner}${close.repeat(depth)}`),
  );

/** Any value of a wrong type or form, for a field of any kind. */
export const wrongValue: fc.Arbitrary<WireValue> = fc.oneof(
  markedText(20),
  wrongText,
  wrongInt,
  wrongDate,
  deepValue,
  int64,
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom<WireValue>([], {}, [null], { $not: null }, { $gt: {} }, [[]], ''),
  fc.array(markedText(8), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('$not', '$gt', '$lt', '$like', '$in', 'x'), markedText(8), {
    maxKeys: 3,
  }),
);

/** A sort field of a find request. */
export const sortField: fc.Arbitrary<string> = fc.constantFrom(...SORT_FIELDS);
