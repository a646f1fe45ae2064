// Range keys are signed 64-bit integers (protocol.md §5.1): a safe-integer number or a bigint
// within int64 on write and in filters, sent as bare digits; read back as a number when safe,
// else as a bigint, exactly. Anything else is refused before a request is sent.
import { InputValidationError } from '@residency/errors';
import { INT64_RULE, stringifyJson } from '@residency/protocol';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordInput } from '../src/index.ts';
import {
  anyRequest,
  CREATED_AT,
  createHarness,
  popHandler,
  stored,
  tokens,
} from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** The values of issue 12, as written, with how each reads back. */
const EDGES = [
  [INT64_MAX, INT64_MAX],
  [-INT64_MAX, -INT64_MAX],
  [2n ** 53n + 1n, 2n ** 53n + 1n],
  [-(2n ** 53n) - 1n, -(2n ** 53n) - 1n],
  [2n ** 53n - 1n, 2 ** 53 - 1],
  [2 ** 53 - 1, 2 ** 53 - 1],
  [0, 0],
  [-1n, -1],
  [INT64_MIN, INT64_MIN],
] as const;

/** A record with one edge value in each range key. */
const RECORD: RecordInput = {
  recordKey: 'int64-1',
  body: 'payload',
  ...Object.fromEntries(EDGES.map(([written], index) => [`rangeKey${index + 1}`, written])),
};

/** A JSON answer from a text, as a server writes it. */
function jsonText(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'application/json' } });
}

/** The write echo of our server: the record sent, with its dates, in the text as sent. */
function echoText(sent: string): string {
  const stamps = `"created_at":"${CREATED_AT}","updated_at":"${CREATED_AT}","attachments":[]`;
  return `${sent.slice(0, -1)},${stamps}}`;
}

function expectEdges(record: { readonly [field: string]: unknown }): void {
  EDGES.forEach(([, read], index) => {
    expect(record[`rangeKey${index + 1}`], `rangeKey${index + 1}`).toBe(read);
  });
}

describe('range keys on write and read', () => {
  it('sends each as its exact digits and reads the echo back exactly', async () => {
    const { storage } = createHarness();
    const write = popHandler('POST', 'us', '', ({ call }) => jsonText(echoText(call.text)));
    server.use(tokens().handler, write.handler);

    const result = await storage.write('us', RECORD);

    const text = write.calls[0]?.text ?? '';
    EDGES.forEach(([written], index) => {
      expect(text).toContain(`"range_key${index + 1}":${written}`);
    });
    expectEdges(result.record);
  });

  it('reads a stored record exactly: a number when safe, else a bigint', async () => {
    const { storage, codec } = createHarness();
    const record = await stored(codec, RECORD);
    const read = popHandler('GET', 'us', `/${record.record_key}`, () =>
      jsonText(stringifyJson(record)),
    );
    server.use(tokens().handler, read.handler);

    const { record: got } = await storage.read('us', 'int64-1');

    expectEdges(got);
    expect(typeof got.rangeKey1).toBe('bigint');
    expect(typeof got.rangeKey5).toBe('number');
  });

  it('writes a batch with int64 range keys exactly', async () => {
    const { storage } = createHarness();
    const batch = popHandler('POST', 'us', '/batchWrite', () => jsonText('{}'));
    server.use(tokens().handler, batch.handler);

    await storage.batchWrite('us', [RECORD, { recordKey: 'int64-2', rangeKey1: INT64_MIN }]);

    const text = batch.calls[0]?.text ?? '';
    expect(text).toContain(`"range_key1":${INT64_MAX}`);
    expect(text).toContain(`"range_key1":${INT64_MIN}`);
  });

  it.each([
    ['2^63', 2n ** 63n],
    ['−2^63 − 1', INT64_MIN - 1n],
    ['1.5', 1.5],
    ['2^53 as a number (already rounded)', 2 ** 53],
    ['a string of digits', '9223372036854775807'],
  ])('refuses %s with InputValidationError naming the field, sending nothing', async (_, value) => {
    const { storage } = createHarness();
    const spies = anyRequest();
    server.use(...spies.map((spy) => spy.handler));

    const write = storage.write('us', { recordKey: 'k', rangeKey3: value as never });

    await expect(write).rejects.toThrow(InputValidationError);
    await expect(write).rejects.toMatchObject({ path: 'record.rangeKey3' });
    // The rule and nothing else: the value is never quoted.
    const error = (await write.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(`record.rangeKey3 ${INT64_RULE}, or null`);
    expect(spies.flatMap((spy) => spy.calls)).toEqual([]);
  });
});

describe('range keys in find filters', () => {
  const EMPTY_PAGE = '{"meta":{"count":0,"limit":100,"offset":0,"total":0},"data":[]}';

  it('sends every operator with exact digits, bigints and numbers alike', async () => {
    const { storage } = createHarness();
    const find = popHandler('POST', 'us', '/find', () => jsonText(EMPTY_PAGE));
    server.use(tokens().handler, find.handler);

    await storage.find(
      'us',
      {
        rangeKey1: { $gte: 2n ** 53n + 1n, $lt: INT64_MAX },
        rangeKey2: { $gt: INT64_MIN, $lte: -1n },
        rangeKey3: [INT64_MIN, 0, 2n ** 53n - 1n],
        rangeKey4: { $not: INT64_MAX },
        rangeKey5: { $not: [-(2n ** 53n) - 1n, 5] },
        rangeKey6: INT64_MIN,
      },
      { sort: [{ rangeKey1: 'desc' }] },
    );

    const text = find.calls[0]?.text ?? '';
    expect(text).toContain(`"range_key1":{"$gte":9007199254740993,"$lt":${INT64_MAX}}`);
    expect(text).toContain(`"range_key2":{"$gt":${INT64_MIN},"$lte":-1}`);
    expect(text).toContain(`"range_key3":[${INT64_MIN},0,9007199254740991]`);
    expect(text).toContain(`"range_key4":{"$not":${INT64_MAX}}`);
    expect(text).toContain('"range_key5":{"$not":[-9007199254740993,5]}');
    expect(text).toContain(`"range_key6":${INT64_MIN}`);
    expect(text).toContain('"sort":[{"range_key1":"desc"}]');
  });

  it('reads found records exactly', async () => {
    const { storage, codec } = createHarness();
    const record = await stored(codec, RECORD);
    const page = { meta: { count: 1, limit: 100, offset: 0, total: 1 }, data: [record] };
    const find = popHandler('POST', 'us', '/find', () => jsonText(stringifyJson(page)));
    server.use(tokens().handler, find.handler);

    const result = await storage.find('us', { rangeKey1: INT64_MAX });

    expect(result.records).toHaveLength(1);
    expectEdges(result.records[0] as never);
  });

  it.each([
    ['$gt', { $gt: 2n ** 63n }, 'filter.rangeKey1.$gt'],
    ['$gte', { $gte: 1.5 }, 'filter.rangeKey1.$gte'],
    ['$lt', { $lt: INT64_MIN - 1n }, 'filter.rangeKey1.$lt'],
    ['$lte', { $lte: 2 ** 53 }, 'filter.rangeKey1.$lte'],
    ['$not', { $not: 2n ** 63n }, 'filter.rangeKey1.$not'],
    ['a list', [1, 2n ** 63n], 'filter.rangeKey1.1'],
    ['a scalar', 1.5, 'filter.rangeKey1'],
  ])(
    'refuses a value past int64 or not an integer in %s, sending nothing',
    async (_, value, path) => {
      const { storage } = createHarness();
      const spies = anyRequest();
      server.use(...spies.map((spy) => spy.handler));

      const find = storage.find('us', { rangeKey1: value as never });

      await expect(find).rejects.toThrow(InputValidationError);
      await expect(find).rejects.toMatchObject({ path });
      expect(spies.flatMap((spy) => spy.calls)).toEqual([]);
    },
  );
});
