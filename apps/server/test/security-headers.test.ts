// The security headers of every answer: nosniff and Hono's other secure headers everywhere,
// `Cache-Control: no-store` on records and attachments (success and error alike), no HSTS over
// plain HTTP (over TLS: cli.test.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { hashedKey } from './support/records.ts';

let harness: AppHarness;
const US = '/v2/storage/records/us';
const key = hashedKey('headers');

beforeAll(async () => {
  harness = await startHarness();
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

function expectSecure(response: Response): void {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
  it('sends nosniff and no HSTS on the health check and the countries list, cacheable', async () => {
    for (const path of ['/healthcheck', '/countries', '/no-such-route']) {
      const response = await harness.app.request(path);
      expectSecure(response);
      expect(response.headers.get('cache-control')).toBeNull();
    }
  });

  it('forbids caching every records and attachment answer, errors included', async () => {
    const written = await harness.send(harness.clientA, 'POST', US, { record_key: key, body: 'b' });
    expect(written.status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob(['bytes'], { type: 'text/plain' }), 'a.txt');
    const { 'content-type': _json, ...headers } = await harness.headers(harness.clientA);
    const uploaded = await harness.app.request(`${US}/${key}/attachments`, {
      method: 'POST',
      headers,
      body: form,
    });
    const { file_id: fileId } = (await uploaded.json()) as { file_id: string };
    const answers = [
      written,
      uploaded,
      await harness.send(harness.clientA, 'GET', `${US}/${key}`),
      await harness.send(harness.clientA, 'POST', `${US}/find`, { filter: {} }),
      await harness.app.request(`${US}/${key}/attachments/${fileId}`, { headers }),
      await harness.send(harness.clientA, 'GET', `${US}/${hashedKey('missing')}`),
      await harness.app.request(`${US}/${key}`),
    ];
    expect(answers.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 404, 401]);
    for (const response of answers) {
      expectSecure(response);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});
