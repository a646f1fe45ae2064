// A JSON body is UTF-8 text of well-formed Unicode (issue 14): bytes that are not UTF-8, and a
// string or member name holding a lone surrogate (`\ud800` escaped), are a 400 naming where,
// never a 500 nor a value silently changed to U+FFFD.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { hashedKey } from './support/records.ts';
import { expectErrors } from './support/responses.ts';

let harness: AppHarness;
const US = '/v2/storage/records/us';

beforeAll(async () => {
  harness = await startHarness();
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

async function post(path: string, body: BodyInit): Promise<Response> {
  const headers = await harness.headers(harness.clientA);
  return harness.app.request(path, { method: 'POST', headers, body });
}

describe('JSON body text', () => {
  it('refuses bytes that are not UTF-8 with 400 on body', async () => {
    const head = new TextEncoder().encode(`{"record_key":"${hashedKey('utf8')}","key1":"`);
    const bytes = new Uint8Array([...head, 0xff, 0xfe, 0x22, 0x7d]);
    const entries = await expectErrors(await post(US, bytes), 400);
    expect(entries[0]).toMatchObject({ source: 'body', detail: 'must be UTF-8 text' });
  });

  it.each([
    ['a record field', US, `{"record_key":"${hashedKey('lone')}","key1":"a\\ud800b"}`, 'key1'],
    ['a batch record', `${US}/batchWrite`, `{"records":[{"record_key":"k","body":"\\udfff"}]}`],
    ['a member name', US, `{"record_key":"${hashedKey('name')}","\\ud83d":1}`, 'body'],
    ['a find filter', `${US}/find`, '{"filter":{"key2":"\\ud800"},"options":{}}'],
  ])('refuses a lone surrogate in %s with 400', async (_what, path, body, source?: string) => {
    const entries = await expectErrors(await post(path, body), 400);
    expect(entries[0]?.detail).toBe('must be well-formed Unicode (no lone surrogate)');
    if (source !== undefined) expect(entries[0]?.source).toBe(source);
  });

  it('keeps a surrogate pair (an emoji escaped) as the character it is', async () => {
    const key = hashedKey('pair');
    const written = await post(US, `{"record_key":"${key}","key1":"\\ud83d\\ude00","body":"b"}`);
    expect(written.status).toBe(200);
    const read = await harness.send(harness.clientA, 'GET', `${US}/${key}`);
    expect(((await read.json()) as { key1: string }).key1).toBe('😀');
  });
});
