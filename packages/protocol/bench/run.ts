// The JSON codec against the native JSON functions, in the same run: a find response of 100
// records as our server writes it (64-hex hashes, a ciphertext body, dates, one range key),
// and the same response with int64 range keys past 2^53. On the ordinary response the codec must
// cost what the native functions cost (its check walks the parsed value once); on the int64 one
// it takes the exact path, whose cost is the price of exactness. Run: `pnpm bench` (one core).

import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { measureSlices } from '../../../tools/bench.ts';
import { INT64_MAX, INT64_MIN, parseJson, parseWireDate, stringifyJson } from '../src/index.ts';

const RECORDS = 100;

function hash(): string {
  return randomBytes(32).toString('hex');
}

/** One record in full read shape (protocol.md §4.3), every key present. */
function wireRecord(index: number, rangeKeys: readonly (number | bigint | null)[]) {
  const record: { [field: string]: unknown } = {
    record_key: hash(),
    body: `2:${randomBytes(300).toString('base64')}`,
    precommit_body: null,
    version: 1,
    is_encrypted: true,
    created_at: '2024-05-01T12:00:00.000+00:00',
    updated_at: '2024-05-01T12:00:00.000+00:00',
    expires_at: null,
    profile_key: hash(),
    parent_key: null,
  };
  for (let key = 1; key <= 5; key++) record[`service_key${key}`] = key === 1 ? hash() : null;
  for (let key = 1; key <= 20; key++) record[`key${key}`] = key <= 3 ? hash() : null;
  for (let key = 1; key <= 10; key++) record[`range_key${key}`] = rangeKeys[key - 1] ?? null;
  record.attachments = [];
  record.index = index;
  return record;
}

function findResponse(rangeKeys: (index: number) => readonly (number | bigint | null)[]) {
  const data = Array.from({ length: RECORDS }, (_, index) => wireRecord(index, rangeKeys(index)));
  return { meta: { count: RECORDS, limit: RECORDS, offset: 0, total: 12_345 }, data };
}

const ordinary = findResponse((index) => [1815 + index]);
const int64 = findResponse((index) => [INT64_MAX - BigInt(index), INT64_MIN, 2n ** 53n + 1n]);
// The int64 response as the native functions see it: the same keys as (rounded) numbers.
const int64AsNumbers = findResponse((index) => [
  Number(INT64_MAX) - index,
  Number(INT64_MIN),
  2 ** 53,
]);
const ordinaryText = JSON.stringify(ordinary);
const int64Text = stringifyJson(int64);

// The int64 response reads back exactly (the exact path); the ordinary one as JSON.parse reads it.
const parsedInt64 = parseJson(int64Text) as { data: { range_key1: unknown }[] };
if (parsedInt64.data[0]?.range_key1 !== INT64_MAX) throw new Error('the int64 parse is not exact');

interface Case {
  readonly label: string;
  readonly native: () => unknown;
  readonly codec: () => unknown;
}

const cases: readonly Case[] = [
  {
    label: 'parse, ordinary response',
    native: () => JSON.parse(ordinaryText),
    codec: () => parseJson(ordinaryText),
  },
  {
    label: 'stringify, ordinary response',
    native: () => JSON.stringify(ordinary),
    codec: () => stringifyJson(ordinary),
  },
  {
    label: 'parse, int64 response (native rounds)',
    native: () => JSON.parse(int64Text),
    codec: () => parseJson(int64Text),
  },
  {
    label: 'stringify, int64 response (native: numbers)',
    native: () => JSON.stringify(int64AsNumbers),
    codec: () => stringifyJson(int64),
  },
];

function format(perSecond: number): string {
  return perSecond.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

const width = 44;
const kib = (text: string) => `${(text.length / 1024).toFixed(0)} KiB`;
process.stdout.write(
  [
    `Node ${process.version}, load average ${loadavg()[0]?.toFixed(2)}; a find response of ${RECORDS} records:` +
      ` ordinary ${kib(ordinaryText)}, int64 ${kib(int64Text)}; responses/s, one core,`,
    'median of five 400 ms slices after 1 s warm-up; "native" is JSON.parse/JSON.stringify.',
    '',
    `| ${'case'.padEnd(width)} | ${'native /s'.padStart(10)} | ${'codec /s'.padStart(10)} | ${'codec / native'.padStart(14)} |`,
    `| ${'-'.repeat(width)} | ${'-'.repeat(9)}: | ${'-'.repeat(9)}: | ${'-'.repeat(13)}: |`,
    '',
  ].join('\n'),
);
for (const { label, native, codec } of cases) {
  const [nativeRate = 0, codecRate = 0] = await measureSlices([native, codec], 400);
  const ratio = `${(codecRate / nativeRate).toFixed(2)}×`;
  process.stdout.write(
    `| ${label.padEnd(width)} | ${format(nativeRate).padStart(10)} | ${format(codecRate).padStart(10)} | ${ratio.padStart(14)} |\n`,
  );
}

// Wire dates: every record read carries two or three. parseWireDate checks the calendar by hand
// (engines differ on 6-digit fractions and offset-less texts), against Date.parse, which checks
// less, as the reference.
const DATES = [
  '2024-05-01T12:00:00.000+00:00',
  '2021-08-11T12:36:52.607534+00:00',
  '2021-08-11T12:36:52.607Z',
];
const [nativeDates = 0, wireDates = 0] = await measureSlices(
  [
    () => DATES.map((text) => new Date(Date.parse(text))),
    () => DATES.map((text) => parseWireDate(text)),
  ],
  400,
);
process.stdout.write(
  `\nDates/s, the three wire forms (server, Python, Node): Date.parse ${format(nativeDates * DATES.length)}, ` +
    `parseWireDate ${format(wireDates * DATES.length)} (${(wireDates / nativeDates).toFixed(2)}×)\n`,
);
