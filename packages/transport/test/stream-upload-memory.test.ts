// An upload must not be cloned by fetch: following redirects makes fetch clone the request
// (the Fetch standard's HTTP-network-or-cache fetch), cloning tees the body, and Node's undici
// then keeps every byte sent in the unread branch — a 200 MiB upload held 200 MiB. The real
// size is checked by apps/server's large-attachment integration test; here, what fetch is told.
import { describe, expect, it, vi } from 'vitest';
import { createTransport, type StreamBody } from '../src/index.ts';
import { BASE_OPTIONS, OkSchema } from './support.ts';

function injectedFetch() {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes('oauth2')) return Response.json({ access_token: 't', expires_in: 60 });
    await new Response(init?.body).arrayBuffer();
    return Response.json({ ok: true });
  });
}

const upload = (stream: StreamBody) =>
  ({ country: 'us', method: 'POST', path: '/k/attachments', stream, schema: OkSchema }) as const;

describe('uploads and fetch redirects', () => {
  it.each([
    ['a stream', () => new Blob(['streamed']).stream() as ReadableStream<Uint8Array>],
    ['a Blob', () => new Blob(['composed'])],
  ])('asks fetch not to follow redirects for %s, so it never clones the body', async (_, open) => {
    const injected = injectedFetch();
    const transport = createTransport({
      ...BASE_OPTIONS,
      endpoint: 'https://pop.test',
      fetch: injected,
    });

    await transport.request(upload({ contentType: 'text/plain', replayable: true, open }));

    expect(injected.mock.calls.at(-1)?.[1]?.redirect).toBe('error');
  });
});
