// The records gate (per-environment concurrency, fair turns, 429 when the queue is full) and
// the deadlines on real sockets: slow token and JSON bodies get 408 and a closed connection,
// slow headers get Node's 408, an upload may be slow but not idle, and the connection cap holds.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentGate } from '../src/limits/environment-gate.ts';
import { DEFAULT_LIMITS } from '../src/limits/limit-settings.ts';
import { type RunningServer, startServer } from '../src/start-server.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';

const gateLimits = (extra: Partial<typeof DEFAULT_LIMITS>) => ({ ...DEFAULT_LIMITS, ...extra });

describe('EnvironmentGate', () => {
  it('queues past the concurrency of an environment and refuses past its queue', async () => {
    const gate = new EnvironmentGate(
      gateLimits({ environmentConcurrency: 1, environmentQueue: 1, recordsConcurrency: 0 }),
    );
    const first = await gate.acquire('a');
    let secondRan = false;
    const second = gate.acquire('a').then((release) => {
      secondRan = true;
      return release;
    });
    expect(await gate.acquire('a')).toBeUndefined();
    const other = await gate.acquire('b');
    expect(other).toBeDefined();
    expect(secondRan).toBe(false);
    first?.();
    (await second)?.();
    expect(secondRan).toBe(true);
    other?.();
  });

  it('gives freed slots to environments in turn, not in arrival order', async () => {
    const gate = new EnvironmentGate(
      gateLimits({ environmentConcurrency: 32, environmentQueue: 10, recordsConcurrency: 1 }),
    );
    const order: string[] = [];
    const holder = await gate.acquire('flood');
    const waiters = [
      ...['flood', 'flood', 'flood'].map((env) => ({ env, slot: gate.acquire(env) })),
      { env: 'victim', slot: gate.acquire('victim') },
    ].map(async ({ env, slot }) => {
      const release = await slot;
      order.push(env);
      await Promise.resolve();
      release?.();
    });
    holder?.();
    await Promise.all(waiters);
    expect(order.indexOf('victim')).toBeLessThanOrEqual(1);
  });
});

function rawRequest(
  url: string,
  text: string,
): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(text);
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        received += chunk;
      });
      const answer = new Promise<string>((done) => socket.once('close', () => done(received)));
      resolve({ socket, answer });
    });
    socket.once('error', reject);
  });
}

describe('deadlines on a real socket', () => {
  let harness: AppHarness;
  let server: RunningServer;
  beforeAll(async () => {
    harness = await startHarness({
      tokenBodyTimeoutSeconds: 1,
      jsonBodyTimeoutSeconds: 1,
      uploadIdleTimeoutSeconds: 1,
    });
    server = await startServer({
      app: harness.app,
      limits: { headersTimeoutSeconds: 1, maxConnections: 4 },
    });
  }, HARNESS_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
    await harness.close();
  });

  it('answers a token body that does not arrive in time with 408 and closes', async () => {
    const { answer } = await rawRequest(
      server.url,
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type',
    );
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain('Request Timeout');
  });

  it('answers a JSON body that does not arrive in time with 408 and closes', async () => {
    const token = await harness.token(harness.clientA);
    const { answer } = await rawRequest(
      server.url,
      `POST /v2/storage/records/us/find HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nx-env-id: env-a\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"filter"`,
    );
    expect(await answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose headers do not arrive in time', async () => {
    const { answer } = await rawRequest(server.url, 'GET /healthcheck HTTP/1.1\r\nHost: x\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 408 |^$/);
  });

  it('lets a slow but steady upload finish, and answers an idle one with 408', async () => {
    const token = await harness.token(harness.clientA);
    await harness.send(harness.clientA, 'POST', '/v2/storage/records/us', {
      record_key: 'upload-record',
      body: 'b',
    });
    const boundary = 'XBOUNDARY';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const chunks = Array.from({ length: 8 }, () => 'y'.repeat(1000));
    const length = Buffer.byteLength(head) + chunks.length * 1000 + Buffer.byteLength(tail);
    const request = (steady: boolean) =>
      rawRequest(
        server.url,
        `POST /v2/storage/records/us/upload-record/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nx-env-id: env-a\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${head}`,
      ).then(async ({ socket, answer }) => {
        // 8 chunks 300 ms apart: 2.4 s in all, more than the 1 s idle timeout, never idle 1 s.
        for (const chunk of steady ? chunks : chunks.slice(0, 2)) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          if (!socket.destroyed) socket.write(chunk);
        }
        if (steady) socket.write(tail);
        return answer;
      });
    expect(await request(true)).toMatch(/^HTTP\/1\.1 20[01] /);
    const idle = await request(false);
    expect(idle).toMatch(/^HTTP\/1\.1 408 /);
    expect(idle).toContain('must not pause for 1 s or more');
    // The idle upload left nothing behind: the record holds the steady one only.
    const record = (await (
      await harness.send(harness.clientA, 'GET', '/v2/storage/records/us/upload-record')
    ).json()) as { attachments: unknown[] };
    expect(record.attachments).toHaveLength(1);
  });

  it('refuses connections past the cap', async () => {
    const open = await Promise.all(
      Array.from({ length: 4 }, () =>
        rawRequest(server.url, 'GET /healthcheck HTTP/1.1\r\nHost: x\r\n\r\n'),
      ),
    );
    const extra = await rawRequest(server.url, 'GET /healthcheck HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await extra.answer).toBe('');
    for (const { socket } of open) socket.destroy();
  });
});
