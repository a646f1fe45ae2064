// Range keys are signed 64-bit integers end to end (protocol.md §5.1, issue 12): the facade SDK
// writes, reads, filters and sorts on values at both ends of int64 and on both sides of 2^53
// against the real server over real HTTP, on PGlite and on PostgreSQL, and each comes back
// exactly (a number when safe, else a bigint). Past int64 or not an integer is refused at both
// ends: by the SDK before sending, and by the server with a 400 naming the field.

import { InputValidationError, type Storage } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawClient, rawClient } from './integration-support/raw-http.ts';
import { connectStorage, rawKeyAccessor } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';
import { hashedKey } from './support/records.ts';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const SAFE = 2n ** 53n;

/** The values of issue 12, ascending: ±(2^63 − 1), ±2^53 ± 1, 0, −1, and −2^63. */
const EDGES: readonly bigint[] = [
  INT64_MIN,
  -INT64_MAX,
  -SAFE - 1n,
  -SAFE + 1n,
  -1n,
  0n,
  SAFE - 1n,
  SAFE + 1n,
  INT64_MAX,
];

/** How a value reads back: a number when it is a safe integer, else a bigint. */
function readForm(value: bigint): number | bigint {
  return value >= -SAFE + 1n && value <= SAFE - 1n ? Number(value) : value;
}

/** How a caller may write a value: a number when it is a safe integer, else a bigint. */
const written = readForm;

const keyOf = (index: number): string => `int64-${index}`;
const keysOf = (values: readonly bigint[]): string[] =>
  values.map((value) => keyOf(EDGES.indexOf(value)));

describe.each(SERVER_BACKENDS)('int64 range keys over HTTP on $name', (backend) => {
  let server: TestServer;
  let storage: Storage;
  let raw: RawClient;
  beforeAll(async () => {
    server = await startTestServer(backend);
    storage = await connectStorage(server.url, server.credentials, {
      secretKeyAccessor: rawKeyAccessor(),
    });
    raw = rawClient(server.url, server.credentials);
    // One record per value in rangeKey1 (and its negation in rangeKey2), written as a batch.
    await storage.batchWrite(
      'us',
      EDGES.map((value, index) => ({
        recordKey: keyOf(index),
        rangeKey1: index % 2 === 0 ? value : written(value),
        rangeKey2: value === INT64_MIN ? null : written(-value),
      })),
    );
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  it('writes every value in one record and reads each back exactly', async () => {
    const record = Object.fromEntries(EDGES.map((value, index) => [`rangeKey${index + 1}`, value]));
    const result = await storage.write('us', { recordKey: 'int64-all', ...record });
    const { record: read } = await storage.read('us', 'int64-all');
    EDGES.forEach((value, index) => {
      const field = `rangeKey${index + 1}` as 'rangeKey1';
      expect(read[field], field).toBe(readForm(value));
      expect(result.record[field], field).toBe(readForm(value));
    });
  });

  it('reads batch-written records exactly, in both range keys', async () => {
    for (const [index, value] of EDGES.entries()) {
      const { record } = await storage.read('us', keyOf(index));
      expect(record.rangeKey1).toBe(readForm(value));
      expect(record.rangeKey2).toBe(value === INT64_MIN ? null : readForm(-value));
    }
  });

  it('finds each value by equality, bigint or number', async () => {
    for (const [index, value] of EDGES.entries()) {
      const { records } = await storage.find('us', {
        rangeKey1: written(value),
        recordKey: EDGES.map((_, other) => keyOf(other)),
      });
      expect(records.map((record) => record.recordKey)).toEqual([keyOf(index)]);
      expect(records[0]?.rangeKey1).toBe(readForm(value));
    }
  });

  it.each([
    ['$gt 2^53', { $gt: SAFE }, EDGES.filter((value) => value > SAFE)],
    ['$gte 2^53 + 1', { $gte: SAFE + 1n }, [SAFE + 1n, INT64_MAX]],
    ['$lt −2^53', { $lt: -SAFE }, [INT64_MIN, -INT64_MAX, -SAFE - 1n]],
    ['$lte −(2^63 − 1)', { $lte: -INT64_MAX }, [INT64_MIN, -INT64_MAX]],
    ['$gt −2^63 with $lt 2^63 − 1', { $gt: INT64_MIN, $lt: INT64_MAX }, EDGES.slice(1, -1)],
    ['$gte −1 with $lte 2^53 − 1', { $gte: -1, $lte: Number(SAFE - 1n) }, [-1n, 0n, SAFE - 1n]],
    ['a list of both ends', [INT64_MIN, INT64_MAX, 12345n], [INT64_MIN, INT64_MAX]],
    ['$not 2^63 − 1', { $not: INT64_MAX }, EDGES.slice(0, -1)],
    [
      '$not a list',
      { $not: [INT64_MIN, -1, SAFE + 1n] },
      [-INT64_MAX, -SAFE - 1n, -SAFE + 1n, 0n, SAFE - 1n, INT64_MAX],
    ],
  ] as const)('filters with %s', async (_title, filter, expected) => {
    const { records, meta } = await storage.find('us', {
      rangeKey1: filter,
      recordKey: EDGES.map((_, index) => keyOf(index)),
    });
    expect(records.map((record) => record.recordKey).sort()).toEqual(keysOf(expected).sort());
    expect(meta.total).toBe(expected.length);
  });

  it('sorts on a range key across the whole int64 range, both ways', async () => {
    const filter = { recordKey: EDGES.map((_, index) => keyOf(index)) };
    const ascending = await storage.find('us', filter, { sort: [{ rangeKey1: 'asc' }] });
    expect(ascending.records.map((record) => record.rangeKey1)).toEqual(EDGES.map(readForm));
    const descending = await storage.find('us', filter, { sort: [{ rangeKey2: 'desc' }] });
    // rangeKey2 holds −value (null for −2^63, which sorts first descending): the same order.
    expect(descending.records.map((record) => record.recordKey)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map(keyOf),
    );
  });

  it('refuses 2^63 and 1.5 in the SDK before sending, naming the field', async () => {
    for (const value of [2n ** 63n, INT64_MIN - 1n, 1.5, 2 ** 53]) {
      await expect(
        storage.write('us', { recordKey: 'int64-refused', rangeKey4: value as never }),
      ).rejects.toMatchObject({ name: InputValidationError.name, path: 'record.rangeKey4' });
      await expect(storage.find('us', { rangeKey4: { $gt: value as never } })).rejects.toThrow(
        InputValidationError,
      );
    }
    await expect(storage.read('us', 'int64-refused')).rejects.toMatchObject({ status: 404 });
  });

  it('answers raw bodies with bare, exact JSON integers (Python separators too)', async () => {
    const key = hashedKey('int64-raw');
    const body = `{"record_key": "${key}", "range_key1": 9223372036854775807, "range_key2": -9223372036854775808, "range_key3": 9007199254740993}`;
    const write = await raw.send('POST', '/v2/storage/records/us', body);
    expect(write.status).toBe(200);
    const text = await (await raw.send('GET', `/v2/storage/records/us/${key}`)).text();
    expect(text).toContain('"range_key1":9223372036854775807,');
    expect(text).toContain('"range_key2":-9223372036854775808,');
    expect(text).toContain('"range_key3":9007199254740993,');
    const find = await raw.send(
      'POST',
      '/v2/storage/records/us/find',
      `{"filter": {"range_key1": {"$gte": 9223372036854775807}, "range_key3": [9007199254740993]}, "options": {}}`,
    );
    const found = await find.text();
    expect(found).toContain(`"record_key":"${key}"`);
    expect(found).toContain('"total":1}');
  });

  it.each([
    ['2^63', '9223372036854775808'],
    ['−2^63 − 1', '-9223372036854775809'],
    ['1.5', '1.5'],
    ['a 20-digit integer', '12345678901234567890'],
    ['2^53 + 1 written with a fraction', '9007199254740993.0'],
  ])(
    'answers 400 naming the field for %s, on write, batch write and find',
    async (_title, literal) => {
      const key = hashedKey('int64-bad');
      const cases = [
        ['', `{"record_key":"${key}","range_key5":${literal}}`, 'range_key5'],
        [
          '/batchWrite',
          `{"records":[{"record_key":"${key}","range_key5":${literal}}]}`,
          'records[0].range_key5',
        ],
        ['/find', `{"filter":{"range_key5":{"$lt":${literal}}}}`, 'filter.range_key5.$lt'],
        ['/find', `{"filter":{"range_key5":[1,${literal}]}}`, 'filter.range_key5[1]'],
      ] as const;
      for (const [path, body, source] of cases) {
        const response = await raw.send('POST', `/v2/storage/records/us${path}`, body);
        expect(response.status, `${path} ${body}`).toBe(400);
        const answer = (await response.json()) as { errors: { source: string; detail: string }[] };
        expect(answer.errors).toContainEqual({
          title: 'Bad Request',
          source,
          detail:
            'must be an integer from -9223372036854775808 to 9223372036854775807' +
            (path === '/find' ? '' : ', or null'),
        });
      }
      expect((await raw.send('GET', `/v2/storage/records/us/${key}`)).status).toBe(404);
    },
  );
});
