// The probes: `/livez` whenever the app answers; `/readyz` 200 while every served country's
// database is open and no drain is under way, else 503 naming the failed checks. `/healthcheck`
// keeps the platform's answer.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrainState } from '../../src/lifecycle/drain-state.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from '../support/app-harness.ts';

let harness: AppHarness;
const drain = new DrainState();
beforeAll(async () => {
  harness = await startHarness({ drain });
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness?.close());

async function probe(path: string): Promise<{ status: number; body: unknown }> {
  const response = await harness.app.request(path);
  return { status: response.status, body: await response.json() };
}

describe('health probes', () => {
  it('answers live and ready while the stores are open', async () => {
    expect(await probe('/livez')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await probe('/healthcheck')).toEqual({ status: 200, body: { result: 'ok' } });
  });

  it('answers 503 once draining, and closes connections after each answer', async () => {
    drain.begin();
    expect(await probe('/readyz')).toEqual({
      status: 503,
      body: {
        status: 'unavailable',
        problems: [{ check: 'draining', detail: 'the server is shutting down' }],
      },
    });
    const live = await harness.app.request('/livez');
    expect(live.status).toBe(200);
    expect(live.headers.get('connection')).toBe('close');
  });

  it('names every closed store', async () => {
    await harness.stores.close();
    const { status, body } = await probe('/readyz');
    expect(status).toBe(503);
    const problems = (body as { problems: { check: string; country?: string }[] }).problems;
    expect(problems.filter(({ check }) => check === 'store').map(({ country }) => country)).toEqual(
      harness.stores.countries,
    );
    expect((await probe('/livez')).status).toBe(200);
  });
});
