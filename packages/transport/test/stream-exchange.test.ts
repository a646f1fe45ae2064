// Streamed request bodies (uploads) and accepted error statuses: what goes over the wire, how
// retries and token refreshes treat a body that can be read once, and how every failure of
// the body, the connection or the server is translated.
import {
  InputValidationError,
  StorageAuthenticationError,
  StorageClientError,
  StorageNetworkError,
  StorageServerError,
} from '@residency/errors';
import { countriesHandler, errorResponse, tokenHandler } from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTransport, type StreamBody } from '../src/index.ts';
import { BASE_OPTIONS, OkSchema, popHandler, recordingLogger } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => server.use(countriesHandler().handler, tokenHandler().handler));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const encoder = new TextEncoder();
const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);

/** A stream of the given text chunks, counting how often it was opened. */
function textBody(chunks: string[], replayable = true): StreamBody & { opened: number } {
  const body = {
    opened: 0,
    contentType: 'application/octet-stream',
    replayable,
    open() {
      body.opened += 1;
      const queue = [...chunks];
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = queue.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(encoder.encode(next));
        },
      });
    },
  };
  return body;
}

/** A stream that yields one chunk, then fails with `error`. */
function failingBody(error: Error): StreamBody {
  return {
    contentType: 'application/octet-stream',
    replayable: false,
    open: () => {
      let pulls = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls += 1;
          if (pulls === 1) controller.enqueue(encoder.encode('first'));
          else controller.error(error);
        },
      });
    },
  };
}

const upload = (stream: StreamBody) =>
  ({ country: 'us', method: 'POST', path: '/k/attachments', stream, schema: OkSchema }) as const;

describe('streamed request bodies', () => {
  it('sends the bytes with their content type and the SDK headers', async () => {
    const pop = popHandler('POST', 'us', '/k/attachments');
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);
    const body = { ...textBody(['hello ', 'stream ', 'world']), contentType: 'text/plain' };

    const { data } = await transport.request(upload(body));

    expect(data).toEqual({ ok: true });
    expect(pop.calls[0]?.text).toBe('hello stream world');
    expect(pop.calls[0]?.headers).toMatchObject({
      'content-type': 'text/plain',
      authorization: 'Bearer token-1',
      'x-env-id': 'env-1',
    });
  });

  it('hands fetch the stream itself with duplex half, not a buffered copy', async () => {
    const injected = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('oauth2')) return Response.json({ access_token: 't', expires_in: 60 });
      await new Response(init?.body).arrayBuffer();
      return Response.json({ ok: true });
    });
    const transport = createTransport({
      ...BASE_OPTIONS,
      endpoint: 'https://pop.test',
      fetch: injected,
    });

    await transport.request(upload(textBody(['a', 'b'])));

    const init = injected.mock.calls.at(-1)?.[1] as RequestInit & { duplex?: string };
    expect(String(injected.mock.calls.at(-1)?.[0])).toBe(
      'https://pop.test/v2/storage/records/us/k/attachments',
    );
    expect(init.duplex).toBe('half');
    expect(init.body).toBeInstanceOf(ReadableStream);
    expect(init.method).toBe('POST');
  });

  it('hands fetch a Blob body as it is, without duplex', async () => {
    const seen: (RequestInit & { duplex?: string })[] = [];
    const pop = popHandler('POST', 'us', '/k/attachments');
    server.use(pop.handler);
    const spy = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes('attachments')) seen.push(init ?? {});
      return fetch(input, init);
    };
    const blob = new Blob(['head|', new Blob(['content']), '|tail']);
    const body: StreamBody = { contentType: 'text/plain', replayable: true, open: () => blob };

    await createTransport({ ...BASE_OPTIONS, fetch: spy as typeof fetch }).request(upload(body));

    expect(seen[0]?.body).toBe(blob);
    expect(seen[0]?.duplex).toBeUndefined();
    expect(pop.calls[0]?.text).toBe('head|content|tail');
  });

  it('opens a replayable body again for a retry after 429', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const pop = popHandler('POST', 'us', '/k/attachments', ({ index }) =>
      index === 0 ? errorResponse(429) : Response.json({ ok: true }),
    );
    server.use(pop.handler);
    const body = textBody(['again']);

    const result = createTransport(BASE_OPTIONS).request(upload(body));
    await vi.advanceTimersByTimeAsync(1_500);

    expect((await result).data).toEqual({ ok: true });
    expect(body.opened).toBe(2);
    expect(pop.calls.map((call) => call.text)).toEqual(['again', 'again']);
  });

  it('does not retry a one-shot stream: the 429 is thrown', async () => {
    const pop = popHandler('POST', 'us', '/k/attachments', () => errorResponse(429));
    server.use(pop.handler);
    const body = textBody(['once'], false);

    const error = await settle(createTransport(BASE_OPTIONS).request(upload(body)));

    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ status: 429 });
    expect(pop.calls).toHaveLength(1);
    expect(body.opened).toBe(1);
  });

  it('refreshes the token after 401 and resends a replayable body', async () => {
    const pop = popHandler('POST', 'us', '/k/attachments', ({ index }) =>
      index === 0 ? errorResponse(401) : Response.json({ ok: true }),
    );
    server.use(pop.handler);
    const body = textBody(['secret bytes']);

    await createTransport(BASE_OPTIONS).request(upload(body));

    expect(pop.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(body.opened).toBe(2);
  });

  it('throws the 401 of a one-shot stream instead of resending it', async () => {
    const pop = popHandler('POST', 'us', '/k/attachments', () => errorResponse(401));
    server.use(pop.handler);

    const error = await settle(
      createTransport(BASE_OPTIONS).request(upload(textBody(['x'], false))),
    );

    expect(error).toBeInstanceOf(StorageAuthenticationError);
    expect(pop.calls).toHaveLength(1);
  });

  it('throws the StorageError the body threw (a size limit), not a network error', async () => {
    const pop = popHandler('POST', 'us', '/k/attachments');
    server.use(pop.handler);
    const limit = new InputValidationError('file is too large', { path: 'file' });

    const error = await settle(createTransport(BASE_OPTIONS).request(upload(failingBody(limit))));

    expect(error).toBe(limit);
    expect(pop.calls[0]?.bodyFailed).toBe(true);
  });

  it('wraps any other failure of the body in a StorageClientError', async () => {
    server.use(popHandler('POST', 'us', '/k/attachments').handler);
    const cause = new Error('EIO: the disk is gone');

    const error = await settle(createTransport(BASE_OPTIONS).request(upload(failingBody(cause))));

    expect(error).toBeInstanceOf(StorageClientError);
    expect(error).not.toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toBe(
      'POST /v2/storage/records/us/k/attachments failed: the request body could not be read',
    );
    expect((error as Error).cause).toBe(cause);
  });

  it('translates an error status as for any request, detail included', async () => {
    server.use(
      popHandler('POST', 'us', '/k/attachments', () =>
        errorResponse(413, {
          errors: [{ title: 'Content Too Large', source: 'file', detail: 'too big' }],
        }),
      ).handler,
    );
    const logger = recordingLogger();

    const error = await settle(
      createTransport({ ...BASE_OPTIONS, logger }).request(upload(textBody(['x']))),
    );

    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ status: 413, detail: 'too big' });
    expect((error as Error).message).toBe(
      'POST /v2/storage/records/us/k/attachments failed: 413 Content Too Large',
    );
    const lines = logger.lines.map((line) => String(line.args[0]));
    expect(
      lines.some((line) => /^POST \/v2\/storage\/records\/us\/k\/attachments 413/.test(line)),
    ).toBe(true);
  });

  it('fails with a network error when nothing moves for the timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    server.use(popHandler('POST', 'us', '/k/attachments').handler);
    const stalled: StreamBody = {
      contentType: 'application/octet-stream',
      replayable: false,
      open: () =>
        new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined) }),
    };

    const outcome = settle(
      createTransport({ ...BASE_OPTIONS, timeout: 5_000 }).request(upload(stalled)),
    );
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await outcome;

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toBe(
      'POST /v2/storage/records/us/k/attachments timed out: nothing sent or received for 5000 ms',
    );
  });

  it('is aborted by the caller mid-upload', async () => {
    server.use(popHandler('POST', 'us', '/k/attachments').handler);
    const controller = new AbortController();
    const body: StreamBody = {
      contentType: 'application/octet-stream',
      replayable: false,
      open: () =>
        new ReadableStream<Uint8Array>({
          pull(stream) {
            if (controller.signal.aborted) return new Promise<void>(() => undefined);
            stream.enqueue(encoder.encode('part'));
            controller.abort(new Error('user stop'));
            return undefined;
          },
        }),
    };

    const error = await settle(
      createTransport(BASE_OPTIONS).request({ ...upload(body), signal: controller.signal }),
    );

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toBe('POST /v2/storage/records/us/k/attachments was aborted');
  });

  it('refuses a stream together with a JSON body', async () => {
    const error = await settle(
      createTransport(BASE_OPTIONS).request({ ...upload(textBody(['x'])), json: { a: 1 } }),
    );

    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toBe('only one of json, body and stream can be given');
  });
});

describe('accepted error statuses', () => {
  it('returns a 412 as a response to read, with its body', async () => {
    const conflict = {
      errors: [{ title: 'Precondition Failed', source: 'records[0].expected_updated_at' }],
    };
    server.use(
      popHandler('POST', 'us', '/batchWrite', () => Response.json(conflict, { status: 412 }))
        .handler,
    );
    const transport = createTransport(BASE_OPTIONS);

    const { response, info } = await transport.requestRaw({
      country: 'us',
      method: 'POST',
      path: '/batchWrite',
      json: { records: [] },
      acceptStatuses: [412],
    });

    expect(response.status).toBe(412);
    expect(info.status).toBe(412);
    expect(await response.json()).toEqual(conflict);
  });

  it('still throws the statuses it was not told to accept', async () => {
    server.use(popHandler('POST', 'us', '/batchWrite', () => errorResponse(409)).handler);

    const error = await settle(
      createTransport(BASE_OPTIONS).requestRaw({
        country: 'us',
        method: 'POST',
        path: '/batchWrite',
        json: {},
        acceptStatuses: [412],
      }),
    );

    expect(error).toMatchObject({ status: 409 });
  });

  it('accepts a status for a streamed body too', async () => {
    server.use(popHandler('POST', 'us', '/k/attachments', () => errorResponse(412)).handler);

    const { response } = await createTransport(BASE_OPTIONS).requestRaw({
      ...upload(textBody(['x'])),
      acceptStatuses: [412],
    });

    expect(response.status).toBe(412);
  });
});
