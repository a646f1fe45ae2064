import { InputValidationError } from '@residency/errors';
import { countriesHandler, createRecordingHandler, tokenHandler } from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransport } from '../src/index.ts';
import { BASE_OPTIONS, OkSchema, popHandler, popHost } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => server.use(countriesHandler().handler, tokenHandler().handler));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('request headers (protocol.md §3)', () => {
  it('sends authorization, x-env-id and user-agent, and no content-type without a body', async () => {
    const pop = popHandler('GET', 'us', '/record-hash');
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    await transport.request({
      country: 'us',
      method: 'GET',
      path: '/record-hash',
      schema: OkSchema,
    });

    const { headers } = pop.calls[0] ?? { headers: {} };
    expect(headers).toMatchObject({
      authorization: 'Bearer token-1',
      'x-env-id': 'env-1',
      'user-agent': 'SDK-Residency',
    });
    expect(headers).not.toHaveProperty('content-type');
    expect(headers).not.toHaveProperty('x-encrypted-storage');
  });

  it('sends a JSON body with content-type, the SSE flag, a custom user agent and query', async () => {
    const pop = popHandler('POST', 'us', '/find');
    server.use(pop.handler);
    const transport = createTransport({ ...BASE_OPTIONS, userAgent: 'SDK-Residency/1.2.3' });

    await transport.request({
      country: 'us',
      method: 'POST',
      path: '/find',
      json: { filter: { key1: 'hash' } },
      searchParams: { trace: '1' },
      encryptedStorage: true,
      schema: OkSchema,
    });

    expect(pop.calls[0]).toMatchObject({
      body: { filter: { key1: 'hash' } },
      query: { trace: '1' },
      headers: {
        'content-type': 'application/json',
        'x-encrypted-storage': 'true',
        'user-agent': 'SDK-Residency/1.2.3',
      },
    });
  });

  it('merges custom headers last', async () => {
    const pop = popHandler('GET', 'us', '/record-hash');
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    await transport.request({
      country: 'us',
      method: 'GET',
      path: '/record-hash',
      headers: { 'X-Trace-Id': 'trace-1' },
      schema: OkSchema,
    });

    expect(pop.calls[0]?.headers['x-trace-id']).toBe('trace-1');
  });

  it('sends a host-relative path when recordsPath is false (health check)', async () => {
    const health = createRecordingHandler('GET', `${popHost('us')}/healthcheck`, () =>
      Response.json({ ok: true }),
    );
    server.use(health.handler);
    const transport = createTransport(BASE_OPTIONS);

    const { response, info } = await transport.requestRaw({
      country: 'us',
      method: 'GET',
      path: '/healthcheck',
      recordsPath: false,
    });

    expect(response.status).toBe(200);
    expect(info).toMatchObject({ kind: 'pop', method: 'GET', url: `${popHost('us')}/healthcheck` });
    expect(health.calls[0]?.headers['x-env-id']).toBe('env-1');
  });
});

describe('custom header rules', () => {
  it.each([
    ['Authorization'],
    ['x-env-id'],
    ['USER-AGENT'],
    ['Content-Type'],
    ['X-Encrypted-Storage'],
  ])('refuses to override %s', async (name) => {
    const transport = createTransport(BASE_OPTIONS);

    const error = await transport
      .request({ country: 'us', method: 'GET', headers: { [name]: 'value-x' }, schema: OkSchema })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ path: `headers.${name}` });
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).not.toContain('value-x');
  });

  it.each([
    ['an empty name', { '': 'v' }],
    ['a name with a leading space', { ' x-a': 'v' }],
    ['a name with a trailing space', { 'x-a ': 'v' }],
    ['an empty value', { 'x-a': '' }],
    ['a value with a leading space', { 'x-a': ' v' }],
    ['a value with a trailing space', { 'x-a': 'v ' }],
    ['a value with a line break', { 'x-a': 'v\r\nx-b: w' }],
  ])('refuses %s before sending anything', async (_case, headers) => {
    const transport = createTransport(BASE_OPTIONS);

    await expect(
      transport.request({ country: 'us', method: 'GET', headers, schema: OkSchema }),
    ).rejects.toThrow(InputValidationError);
  });

  it.each([
    ['a lone surrogate', 'trace-\ud800'],
    ['a paired surrogate (emoji)', 'trace-\ud83d\ude80'],
    ['a character past U+00FF', 'trace-\u0100'],
  ])('refuses a value with %s, naming the header, never the value', async (_case, value) => {
    const transport = createTransport(BASE_OPTIONS);

    const error = await transport
      .request({ country: 'us', method: 'GET', headers: { 'x-trace': value }, schema: OkSchema })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ path: 'headers.x-trace' });
    expect((error as Error).message).toBe(
      'headers.x-trace must hold only Latin-1 characters (U+0000..U+00FF)',
    );
  });
});
