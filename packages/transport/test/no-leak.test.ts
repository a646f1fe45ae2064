// Messages, causes and log lines never carry the client secret, a token or a request body
// (style.md §9, §14): every failure a user can meet is collected and searched for markers.
import { inspect } from 'node:util';
import { isStorageError } from '@residency/errors';
import {
  countriesHandler,
  createRecordingHandler,
  DEFAULT_AUTH_URL,
  errorResponse,
  networkError,
  oauthErrorBody,
  type RecordingResolver,
  tokenHandler,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransport, type TransportOptions } from '../src/index.ts';
import { popHandler, recordingLogger } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => server.use(countriesHandler().handler));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const CLIENT_SECRET = 'CLIENT-SECRET-MARKER';
const TOKEN = 'ACCESS-TOKEN-MARKER';
const BODY = 'PLAINTEXT-BODY-MARKER';
const MARKERS = [CLIENT_SECRET, TOKEN, BODY, btoa(`client-id:${CLIENT_SECRET}`)];

const OAUTH: TransportOptions = {
  environmentId: 'env-1',
  clientId: 'client-id',
  clientSecret: CLIENT_SECRET,
};
const STATIC: TransportOptions = { environmentId: 'env-1', oauthToken: TOKEN };

const goodToken = () => tokenHandler({ token: TOKEN }).handler;
const answer = (resolver: RecordingResolver) => popHandler('POST', 'us', '/find', resolver).handler;

const scenarios: [string, TransportOptions, () => ReturnType<typeof goodToken>[]][] = [
  ['a success', OAUTH, () => [goodToken(), answer(() => Response.json({ ok: true }))]],
  ['401 twice', OAUTH, () => [goodToken(), answer(() => errorResponse(401))]],
  ['401 twice, static token', STATIC, () => [answer(() => errorResponse(401))]],
  [
    'a 400 with an error body',
    OAUTH,
    () => [goodToken(), answer(() => errorResponse(400, { errors: [{}] }))],
  ],
  ['a body that is not JSON', OAUTH, () => [goodToken(), answer(() => new Response(`${BODY} {`))]],
  [
    'a body of the wrong shape',
    OAUTH,
    () => [goodToken(), answer(() => Response.json({ ok: BODY }))],
  ],
  ['a refused connection', OAUTH, () => [goodToken(), answer(networkError)]],
  [
    'a token-endpoint 401',
    OAUTH,
    () => [
      createRecordingHandler('POST', DEFAULT_AUTH_URL, () =>
        Response.json(oauthErrorBody('invalid_client'), { status: 401 }),
      ).handler,
    ],
  ],
  [
    'a token response of the wrong shape',
    OAUTH,
    () => [
      createRecordingHandler('POST', DEFAULT_AUTH_URL, () =>
        Response.json({ access_token: 42, expires_in: TOKEN }),
      ).handler,
    ],
  ],
];

function textOf(error: unknown): string {
  return `${String(error)}\n${inspect(error, { depth: 10, showHidden: true })}`;
}

describe('no secret, token or body in errors and logs', () => {
  it.each(scenarios)('after %s', async (_case, options, handlers) => {
    server.use(...handlers());
    const logger = recordingLogger();
    const transport = createTransport({ ...options, logger, timeout: 1_000 });

    const error = await transport
      .request({
        country: 'us',
        method: 'POST',
        path: '/find',
        json: { filter: { note: BODY } },
        schema: v.object({ ok: v.boolean() }),
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    if (error !== undefined) expect(isStorageError(error)).toBe(true);
    const seen = `${textOf(error)}\n${inspect(logger.lines, { depth: 10 })}`;
    for (const marker of MARKERS) expect(seen).not.toContain(marker);
    expect(logger.lines.length).toBeGreaterThan(0);
  });

  it('in config errors', () => {
    let error: unknown;
    try {
      createTransport({ ...OAUTH, oauthToken: TOKEN, clientSecret: CLIENT_SECRET });
    } catch (caught) {
      error = caught;
    }
    for (const marker of MARKERS) expect(textOf(error)).not.toContain(marker);
  });
});

describe('a pathLabel', () => {
  const RAW_KEY = 'RAW-RECORD-KEY-MARKER';
  const path = `/${encodeURIComponent(RAW_KEY)}`;

  it('names the path in log lines and error messages instead of the raw path', async () => {
    const logger = recordingLogger();
    const calls = popHandler('GET', 'us', path, () => errorResponse(404));
    server.use(goodToken(), popHandler('DELETE', 'us', path).handler, calls.handler);
    const transport = createTransport({ ...OAUTH, logger });
    const options = { country: 'us', path, pathLabel: '/{recordKey}' } as const;
    await transport.requestRaw({ ...options, method: 'DELETE' });
    const failure = await transport
      .request({ ...options, method: 'GET', schema: v.unknown() })
      .catch((error: unknown) => error);

    expect(calls.calls).toHaveLength(1);
    expect(calls.calls[0]?.path).toBe(`/v2/storage/records/us${path}`);
    expect(isStorageError(failure) && failure.message).toBe(
      'GET /v2/storage/records/us/{recordKey} failed: 404 Not Found',
    );
    const logged = inspect(logger.lines, { depth: 8 });
    expect(logged).toContain('DELETE /v2/storage/records/us/{recordKey} 200');
    expect(logged).not.toContain(RAW_KEY);
  });
});
