// JSON bodies both ways are exact for signed 64-bit integers (protocol.md §5.1): a bigint in a
// request body goes out as its bare digits, and an integer literal past ±(2^53 − 1) in a
// response comes back as an exact bigint; everything else as the native JSON functions do.
import { StorageServerResponseValidationError } from '@residency/errors';
import { countriesHandler, tokenHandler } from '@residency/testing';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/index.ts';
import { BASE_OPTIONS, popHandler } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

function jsonText(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'application/json' } });
}

describe('JSON bodies', () => {
  it('sends a bigint as its bare digits, and the rest as JSON.stringify writes it', async () => {
    const find = popHandler('POST', 'us', '/find');
    server.use(countriesHandler().handler, tokenHandler().handler, find.handler);
    const transport = createTransport(BASE_OPTIONS);
    const json = { filter: { range_key1: { $gte: INT64_MIN, $lt: INT64_MAX }, key1: 'a"b' } };

    await transport.request({
      country: 'us',
      method: 'POST',
      path: '/find',
      json,
      schema: v.unknown(),
    });

    expect(find.calls[0]?.text).toBe(
      '{"filter":{"range_key1":{"$gte":-9223372036854775808,"$lt":9223372036854775807},"key1":"a\\"b"}}',
    );
    expect(find.calls[0]?.headers['content-type']).toContain('application/json');
  });

  it('reads integers past 2^53 as exact bigints and safe ones as numbers', async () => {
    const text = '{"range_key1":9223372036854775807,"range_key2":-9007199254740993,"version":1}';
    server.use(
      countriesHandler().handler,
      tokenHandler().handler,
      popHandler('GET', 'us', '/k', () => jsonText(text)).handler,
    );
    const transport = createTransport(BASE_OPTIONS);

    const { data } = await transport.request({
      country: 'us',
      method: 'GET',
      path: '/k',
      schema: v.unknown(),
    });

    expect(data).toEqual({ range_key1: INT64_MAX, range_key2: -(2n ** 53n) - 1n, version: 1 });
  });

  it('still refuses a body that is not JSON, on the exact path too, without quoting it', async () => {
    server.use(
      countriesHandler().handler,
      tokenHandler().handler,
      popHandler('GET', 'us', '/k', () => jsonText('{"secret-ish":9223372036854775807,}')).handler,
    );
    const transport = createTransport(BASE_OPTIONS);

    const request = transport.request({
      country: 'us',
      method: 'GET',
      path: '/k',
      schema: v.unknown(),
    });

    await expect(request).rejects.toThrow(StorageServerResponseValidationError);
    await expect(request).rejects.toThrow(/returned a body that is not valid JSON$/);
    await expect(request).rejects.not.toThrow(/secret-ish/);
  });
});
