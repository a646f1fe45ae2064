// Malformed requests over a real socket, on PGlite and on PostgreSQL (the in-process property
// test, robustness.test.ts, covers the space of bodies and paths): bad JSON, a forged token, a
// huge body, bytes that are not HTTP at all. Each is a 4xx, and the server keeps serving.

import { connect } from 'node:net';
import type { Storage } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawClient, rawClient } from './integration-support/raw-http.ts';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';
import { expectErrors } from './support/responses.ts';

const MIB = 1024 * 1024;
/** The server's default `maxJsonBodySize`. */
const MAX_JSON_BODY = 16 * MIB;

/** A token with its payload altered (a later expiry) and the original signature. */
function forge(token: string): string {
  const [scheme, kid, payload, signature] = token.split('.') as [string, string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { x: number };
  const altered = Buffer.from(JSON.stringify({ ...claims, x: claims.x + 86_400 })).toString(
    'base64url',
  );
  return `${scheme}.${kid}.${altered}.${signature}`;
}

/** Writes raw bytes to the server's port and returns the first line it answers. */
function sendRawBytes(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      answer += text;
    });
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

describe.each(SERVER_BACKENDS)('malformed requests over a real socket on $name', (backend) => {
  let server: TestServer;
  let client: RawClient;
  let storage: Storage;
  const logLines: string[] = [];
  beforeAll(async () => {
    const log = (line: string): void => {
      logLines.push(line);
    };
    server = await startTestServer(backend, { info: log, warn: log, error: log });
    client = rawClient(server.url, server.credentials);
    storage = await connectStorage(server.url, server.credentials);
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  it('answers bad JSON with 400', async () => {
    await expectErrors(await client.send('POST', '/v2/storage/records/de', '{"record_key":'), 400);
    await expectErrors(await client.send('POST', '/v2/storage/records/de/find', '[]'), 400);
    await expectErrors(
      await client.send('POST', '/v2/storage/records/de/batchWrite', '{"records":{}}'),
      400,
    );
  });

  it('answers a forged or missing token with 401, and a wrong environment with 403', async () => {
    const token = await client.token();
    const send = (authorization: string, environmentId = server.credentials.environmentId) =>
      fetch(`${server.url}/v2/storage/records/de/find`, {
        method: 'POST',
        headers: { authorization, 'x-env-id': environmentId, 'content-type': 'application/json' },
        body: '{"filter":{}}',
      });
    await expectErrors(await send(`Bearer ${forge(token)}`), 401);
    await expectErrors(await send('Bearer rs2.e30.AAAA'), 401);
    await expectErrors(await send('Basic Zm9vOmJhcg=='), 401);
    await expectErrors(await send(`Bearer ${token}`, 'another-environment'), 403);
  });

  it('answers a JSON body over the limit with 413', async () => {
    const huge = JSON.stringify({ record_key: 'e'.repeat(64), body: 'x'.repeat(MAX_JSON_BODY) });
    await expectErrors(await client.send('POST', '/v2/storage/records/de', huge), 413);
  });

  it('answers bytes that are not HTTP with 400 and closes only that connection', async () => {
    expect(await sendRawBytes(server.url, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(
      await sendRawBytes(server.url, `GET /${'x'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 4\d\d/);
  });

  // Found by fuzz.integration.test.ts: the route had begun reading the body when Node's parser
  // refused its framing and broke the connection off; the read failed, and the failure was
  // answered as an unexpected error (a 500 nobody received) and logged as one.
  it("takes a body whose chunked framing breaks off as the client's fault, not a failure", async () => {
    const token = await client.token();
    const envId = server.credentials.environmentId;
    const broken = 'Transfer-Encoding: chunked\r\n\r\nnot-a-chunk-size\r\n';
    for (const [path, auth] of [
      ['/v2/storage/records/de', `Authorization: Bearer ${token}\r\nx-env-id: ${envId}`],
      ['/v2/storage/records/de/find', `Authorization: Bearer ${token}\r\nx-env-id: ${envId}`],
      ['/oauth2/token', 'Content-Type: application/x-www-form-urlencoded'],
    ] as const) {
      const request = `POST ${path} HTTP/1.1\r\nHost: a\r\n${auth}\r\n${broken}`;
      expect(await sendRawBytes(server.url, request)).toMatch(/^HTTP\/1\.1 400/);
    }
    expect(logLines).toEqual([]);
  });

  it('still serves after all of them', async () => {
    await storage.write('de', { recordKey: 'after-the-storm', body: 'fine' });
    expect((await storage.read('de', 'after-the-storm')).record.body).toBe('fine');
    expect(await storage.healthCheck('de')).toEqual({ result: true });
  });
});
