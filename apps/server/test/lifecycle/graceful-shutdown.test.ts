// The drain on a real socket, in process: a request in flight when draining begins gets its
// whole answer (with `Connection: close`), `/readyz` answers 503 meanwhile, new connections are
// refused, and the stores close only after; a request that outlives the drain timeout is cut.

import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DrainState } from '../../src/lifecycle/drain-state.ts';
import { shutDownGracefully } from '../../src/lifecycle/graceful-shutdown.ts';
import { createSilentLogger, type Logger } from '../../src/logger.ts';
import { type RunningServer, startServer } from '../../src/start-server.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from '../support/app-harness.ts';
import { type SlowRequest, startSlowRequest } from '../support/slow-request.ts';

const US = '/v2/storage/records/us';

let harness: AppHarness | undefined;
afterEach(async () => harness?.close());

async function serving(): Promise<{
  harness: AppHarness;
  server: RunningServer;
  drain: DrainState;
}> {
  const drain = new DrainState();
  harness = await startHarness({ drain });
  return { harness, server: await startServer({ app: harness.app }), drain };
}

// Waits until the handler holds the request (a hang guard ends a test that never gets there).
async function handled(drain: DrainState, count: number): Promise<void> {
  while (drain.handling < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function slowWrite(
  url: string,
  current: AppHarness,
  recordKey: string,
): Promise<{ request: SlowRequest; rest: string }> {
  const body = JSON.stringify({ record_key: recordKey, body: `body of ${recordKey}` });
  const headers = await current.headers(current.clientA);
  const request = startSlowRequest(url, US, headers, body.slice(0, 12), body.length);
  await request.sent;
  return { request, rest: body.slice(12) };
}

function connectionError(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('graceful shutdown', () => {
  it(
    'lets a request in flight finish, answers /readyz 503 and refuses new connections meanwhile',
    async () => {
      const { harness: current, server, drain } = await serving();
      const { request, rest } = await slowWrite(server.url, current, 'drain-finishes');
      await handled(drain, 1);
      const stopping = shutDownGracefully({
        server,
        drain,
        stores: current.stores,
        drainTimeoutSeconds: 60,
        logger: createSilentLogger(),
      });
      expect((await current.app.request('/readyz')).status).toBe(503);
      expect(await connectionError(server.url)).toBe('ECONNREFUSED');
      expect(current.stores.health().countries.every(({ open }) => open)).toBe(true);
      const answer = await request.finish(rest);
      expect(answer.status).toBe(200);
      expect(answer.connection).toBe('close');
      expect(JSON.parse(answer.body)).toMatchObject({ record_key: 'drain-finishes' });
      await stopping;
      expect(current.stores.health().countries.some(({ open }) => open)).toBe(false);
    },
    HARNESS_TIMEOUT_MS,
  );

  it(
    'cuts a request that outlives the drain timeout, then closes the stores',
    async () => {
      const { harness: current, server, drain } = await serving();
      const { request } = await slowWrite(server.url, current, 'drain-cut');
      await handled(drain, 1);
      const warnings: string[] = [];
      const logger: Logger = { ...createSilentLogger(), warn: (line) => warnings.push(line) };
      await shutDownGracefully({
        server,
        drain,
        stores: current.stores,
        drainTimeoutSeconds: 1,
        logger,
      });
      await expect(request.answer).rejects.toThrow();
      expect(warnings).toContain('drain timeout (1 s) reached: requests in progress were cut');
      expect(drain.handling).toBe(0);
      expect(current.stores.health().countries.some(({ open }) => open)).toBe(false);
    },
    HARNESS_TIMEOUT_MS,
  );
});
