// A connection reset before any answer (a keep-alive socket the server closed while the client
// held it idle) is sent once more for idempotent methods, over a real loopback server that
// destroys the connection of the requests it is told to; other methods and a second reset fail.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StorageNetworkError } from '@residency/errors';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransport, type HttpMethod } from '../src/index.ts';
import { OkSchema, recordingLogger } from './support.ts';

let server: Server;
let endpoint: string;
/** How many of the next requests get their connection destroyed instead of an answer. */
let resetsLeft = 0;
let received: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request.method ?? '');
    if (resetsLeft > 0) {
      resetsLeft -= 1;
      request.socket.destroy();
      return;
    }
    request.resume();
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  resetsLeft = 0;
});

function transportWith(logger = recordingLogger()) {
  return createTransport({ environmentId: 'env-1', oauthToken: 'token', endpoint, logger });
}

const call = (method: HttpMethod) => ({
  country: 'us',
  method,
  path: '/record-hash',
  schema: OkSchema,
  ...(method === 'PUT' || method === 'POST' || method === 'PATCH' ? { json: { a: 1 } } : {}),
});

describe('a connection reset before any answer', () => {
  it.each(['GET', 'PUT', 'DELETE'] as const)(
    'sends a %s once more, on a new connection',
    async (method) => {
      resetsLeft = 1;
      const logger = recordingLogger();
      const result = await transportWith(logger).request(call(method));
      expect(result.data).toEqual({ ok: true });
      expect(received).toEqual([method, method]);
      const resent = logger.lines.filter(
        (line) => line.level === 'warn' && String(line.args[0]).includes('sending once more'),
      );
      expect(resent).toHaveLength(1);
      expect(String(resent[0]?.args[0])).toMatch(/^\w+ \/v2\/storage\/records\/us\/.*reset/);
    },
  );

  it.each(['POST', 'PATCH'] as const)(
    'does not send a %s again: it may have been applied',
    async (method) => {
      resetsLeft = 1;
      await expect(transportWith().request(call(method))).rejects.toThrow(StorageNetworkError);
      expect(received).toEqual([method]);
    },
  );

  it('fails with StorageNetworkError when the second send is reset too', async () => {
    resetsLeft = 2;
    await expect(transportWith().request(call('GET'))).rejects.toThrow(StorageNetworkError);
    expect(received).toEqual(['GET', 'GET']);
  });
});
