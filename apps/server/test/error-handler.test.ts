import { afterAll, beforeAll, expect, it } from 'vitest';
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
