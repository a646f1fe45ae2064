// A provider tells readiness probes and metrics whether each country's database is open and how
// its connections are used, without running a query: on every backend, open after creation,
// closed after `close`, with connections that add up.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';
import {
  BACKEND_TIMEOUT_MS,
  type OpenedBackend,
  STORE_BACKENDS,
  TEST_COUNTRIES,
  TEST_TIMEOUT_MS,
} from '../support/store-backends.ts';

describe.each(STORE_BACKENDS)('store health: $name', { timeout: TEST_TIMEOUT_MS }, (backend) => {
  let opened: OpenedBackend;
  beforeAll(async () => {
    opened = await backend.open();
  }, BACKEND_TIMEOUT_MS);
  afterAll(() => opened?.close(), BACKEND_TIMEOUT_MS);

  it('says every country is open, and counts connections while statements run', async () => {
    const idle = opened.stores.health();
    expect(idle.countries).toEqual(TEST_COUNTRIES.map((code) => ({ code, open: true })));
    expect(idle.connections.inUse).toBe(0);
    expect(idle.connections.waiting).toBe(0);
    expect(idle.connections.idle).toBeGreaterThanOrEqual(1);
    const store = await opened.stores.country('de');
    const environment = newEnvironment();
    const writes = Array.from({ length: 3 }, (_, index) =>
      store.write(environment, [{ record: makeRecord(`health-${index}`) }]),
    );
    const busy = opened.stores.health();
    await Promise.all(writes);
    // Each write takes a connection or waits for one (PGlite: one runs, two wait).
    expect(busy.connections.inUse + busy.connections.waiting).toBeGreaterThanOrEqual(1);
    expect(opened.stores.health().connections.inUse).toBe(0);
  });

  it('says no country is open once closed', async () => {
    await opened.stores.close();
    const health = opened.stores.health();
    expect(health.countries).toEqual(TEST_COUNTRIES.map((code) => ({ code, open: false })));
  });
});
