import { Hono } from 'hono';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { AppEnv } from '../src/http/app-env.ts';
import { createErrorHandler } from '../src/http/error-handler.ts';
import { createStderrLogger, escapeLogText } from '../src/logger.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { expectErrors } from './support/responses.ts';

let harness: AppHarness;
const logged: string[] = [];
beforeAll(async () => {
  const log = (line: string): void => {
    logged.push(line);
  };
  harness = await startHarness({ logger: { info: log, warn: log, error: log } });
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

it('answers an unexpected failure with a generic 500 and logs it without the request', async () => {
  // A closed store provider is the unexpected failure at hand.
  await harness.stores.close();
  const secret = 'body-that-must-not-be-logged';
  const response = await harness.send(harness.clientA, 'POST', '/v2/storage/records/us', {
    record_key: `key-${secret}`,
    body: secret,
  });
  const text = await response.clone().text();
  const [entry] = await expectErrors(response, 500);
  expect(entry).toMatchObject({ title: 'Internal Server Error', source: 'server' });
  expect(entry?.detail).toMatch(/^unexpected error; the server log names request [0-9a-f-]{36}$/);
  expect(text).not.toContain(secret);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toContain('POST /v2/storage/records/:country failed');
  expect(logged[0]).not.toContain(secret);
  expect(logged[0]).toContain(response.headers.get('x-inc-corr-id-resp'));
  expect((await harness.app.request('/healthcheck')).status).toBe(200);
});

it('logs an unexpected error by class, code and place, never by its message', async () => {
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
  };
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler({ info: log, warn: log, error: log }));
  app.get('/boom', () => {
    // As a database error quotes its input: a client's value, with a forged line in it.
    throw Object.assign(new Error('value out of range: "0000-01-01"\r\nerror forged entry'), {
      code: '22008',
    });
  });
  const response = await app.request('/boom');
  expect(response.status).toBe(500);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^- GET \/boom failed: Error \(22008\) at .*error-handler\.test\.ts/);
  expect(lines[0]).not.toContain('0000-01-01');
  expect(lines[0]).not.toMatch(/[\r\n]/);
});

it('answers a request Node broke off with 400 unlogged, but a database reset with 500', async () => {
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
  };
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler({ info: log, warn: log, error: log }));
  // What Node's `abortIncoming` errors a request body with, and what a broken database socket
  // throws: the same code, and only the first is the client's doing.
  app.post('/broken-off', () => {
    throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
  });
  app.post('/database', () => {
    throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  });
  const [entry] = await expectErrors(await app.request('/broken-off', { method: 'POST' }), 400);
  expect(entry).toMatchObject({ source: 'body', detail: 'was broken off before its end' });
  expect(lines).toEqual([]);
  await expectErrors(await app.request('/database', { method: 'POST' }), 500);
  expect(lines).toHaveLength(1);
});

it('writes every log line of the stderr logger on one line, control characters escaped', () => {
  const written: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    createStderrLogger().warn('a\r\n2026-01-01T00:00:00.000Z error forged\u2028\\x');
  } finally {
    spy.mockRestore();
  }
  expect(written).toHaveLength(1);
  expect(written[0]).toMatch(
    /^\S+ warn a\\x0d\\x0a2026-01-01T00:00:00\.000Z error forged\\u2028\\\\x\n$/,
  );
  expect(escapeLogText('plain text, ü and 😀')).toBe('plain text, ü and 😀');
});
