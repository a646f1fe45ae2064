// Whatever a client sends — bad JSON, wrong types, huge values, unknown fields, odd paths,
// forged tokens — the answer is a 4xx with an error body (or a success), never a 5xx, never an
// echo of the submitted key or body; and the server keeps answering afterwards.

import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';

let harness: AppHarness;
let token: string;
const errors: string[] = [];
beforeAll(async () => {
  harness = await startHarness({
    logger: { info: () => undefined, warn: () => undefined, error: (line) => errors.push(line) },
  });
  token = await harness.token(harness.clientA);
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

// Values carry this marker so the test can tell they are never echoed.
const MARKER = 'LEAKCHECK';
const marked = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ maxLength: 10, unit: 'binary' }),
    fc.constant('\u0000'),
  )
  .map((text) => `${MARKER}${text}`);
const oddSegment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('%zz', '%', '..', '%2F', 'a%00b', 'us', 'ZZ', 'find', 'sse:x', 'x'.repeat(300)),
  marked.map(encodeURIComponent),
);
const path = fc.oneof(
  fc.constantFrom(
    '/v2/storage/records/us',
    '/v2/storage/records/us/batchWrite',
    '/v2/storage/records/us/find',
    '/v2/storage/records/us/batchDelete',
    '/oauth2/token',
    '/countries',
    '/healthcheck',
  ),
  fc
    .tuple(oddSegment, fc.constantFrom('', '/attachments', '/attachments/f', '/attachments/f/meta'))
    .map(([key, rest]) => `/v2/storage/records/us/${key}${rest}`),
  fc.tuple(oddSegment, oddSegment).map(([country, key]) => `/v2/storage/records/${country}/${key}`),
  oddSegment.map((segment) => `/${segment}`),
);
const wrongValue = fc.oneof(
  marked,
  fc.integer(),
  fc.double(),
  fc.constant(2 ** 60),
  fc.boolean(),
  fc.constant(null),
  fc.array(marked, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('$not', '$gt', '$like', '$in', 'x'), marked, { maxKeys: 2 }),
  marked.map((text) => text.repeat(20)),
);
const fieldName = fc.constantFrom(
  'record_key',
  'body',
  'key1',
  'key21',
  'range_key1',
  'version',
  'expires_at',
  'created_at',
  'search_keys',
  '$or',
  'profile_key',
  'is_encrypted',
  'expected_updated_at',
  'unknown',
);
const record = fc.dictionary(fieldName, wrongValue, { maxKeys: 6 });
const body = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    'null',
    '[]',
    '"x"',
    '{"record_key":',
    '\u0000',
    '{"records": {}}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
  ),
  fc.json({ maxDepth: 3 }),
  record.map((value) => JSON.stringify(value)),
  fc.array(record, { maxLength: 3 }).map((records) => JSON.stringify({ records })),
  fc
    .tuple(record, fc.anything({ maxDepth: 2 }))
    .map(([filter, options]) => JSON.stringify({ filter, options })),
  fc
    .dictionary(fieldName, wrongValue)
    .map((filter) => JSON.stringify({ filter: { record_key: Object.values(filter) } })),
);
const authorization = fc.oneof(
  fc.constant('valid'),
  fc.constant(undefined),
  fc.string({ maxLength: 60 }).map((text) => `Bearer ${text.replace(/\s/g, '')}x`),
  fc.constantFrom('Basic Zm9vOmJhcg==', 'Bearer rs2.e30.AAAA', 'bearer'),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
  path,
  body,
  authorization,
  envId: fc.constantFrom('env-a', 'env-b', undefined),
  contentType: fc.constantFrom(
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=b',
    'text/plain',
    undefined,
  ),
  sse: fc.constantFrom('true', 'false', undefined),
});

it('answers malformed requests with 4xx error bodies, never 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(request, async (sent) => {
      const headers: Record<string, string> = {};
      if (sent.authorization !== undefined)
        headers.authorization =
          sent.authorization === 'valid' ? `Bearer ${token}` : sent.authorization;
      if (sent.envId !== undefined) headers['x-env-id'] = sent.envId;
      if (sent.contentType !== undefined) headers['content-type'] = sent.contentType;
      if (sent.sse !== undefined) headers['x-encrypted-storage'] = sent.sse;
      const hasBody = sent.method !== 'GET' && sent.method !== 'DELETE';
      const response = await harness.app.request(sent.path, {
        method: sent.method,
        headers,
        ...(hasBody ? { body: sent.body } : {}),
      });
      expect(response.status).toBeLessThan(500);
      if (response.status < 400) return;
      const text = await response.text();
      expect(text).not.toContain(MARKER);
      const answer = JSON.parse(text) as Record<string, unknown>;
      if (sent.method === 'POST' && sent.path === '/oauth2/token')
        expect(answer).toHaveProperty('error');
      else expect(Array.isArray(answer.errors)).toBe(true);
    }),
    { numRuns: 300 },
  );
  expect(errors).toEqual([]);
  const health = await harness.app.request('/healthcheck');
  expect([health.status, await health.json()]).toEqual([200, { result: 'ok' }]);
}, 120_000);
