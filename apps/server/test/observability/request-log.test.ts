// The log formats: JSON lines (one per event, one per request, each parseable and on one line
// whatever the message holds), the text format's lines as before and without request lines,
// and the choice between them (the setting, else the terminal).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStderrLogger } from '../../src/logger.ts';
import { resolveLogFormat } from '../../src/observability/log-format.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from '../support/app-harness.ts';
import { type CapturedLog, captureJsonLog } from '../support/log-capture.ts';

const RECORD_KEY = 'rk-LOG-LEAK-3317';
const BODY = 'body-LOG-LEAK-6620';

let harness: AppHarness;
let log: CapturedLog;
beforeAll(async () => {
  log = captureJsonLog();
  harness = await startHarness({ logger: log.logger });
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness?.close());

function requestLines(): { [field: string]: unknown }[] {
  return log.parsed().filter((entry) => entry.msg === 'request');
}

describe('JSON request lines', () => {
  it('name the request by the id the answer carries', async () => {
    const response = await harness.send(harness.clientA, 'POST', '/v2/storage/records/de', {
      record_key: RECORD_KEY,
      body: BODY,
    });
    expect(response.status).toBe(200);
    const id = response.headers.get('x-inc-corr-id-resp');
    const line = requestLines().find((entry) => entry.requestId === id);
    expect(line).toMatchObject({
      method: 'POST',
      route: '/v2/storage/records/:country',
      country: 'de',
      environmentId: 'env-a',
      status: 200,
    });
  });

  it('leave out the environment of an unauthenticated request and the country of a bad one', async () => {
    const response = await harness.app.request(`/v2/storage/records/ZZ/${RECORD_KEY}`, {
      headers: { authorization: `Bearer ${BODY}`, 'x-env-id': RECORD_KEY },
    });
    expect(response.status).toBe(401);
    const id = response.headers.get('x-inc-corr-id-resp');
    const line = requestLines().find((entry) => entry.requestId === id);
    expect(line).toMatchObject({ method: 'GET', route: '/v2/storage/records/:country/:recordKey' });
    expect(line).not.toHaveProperty('environmentId');
    expect(line).not.toHaveProperty('country');
  });

  it('label an unknown method OTHER and an unknown path none, never quoting either', async () => {
    await harness.app.request(`/${RECORD_KEY}?${BODY}`, { method: 'PROPFIND' });
    const line = requestLines().at(-1);
    expect(line).toMatchObject({ method: 'OTHER', route: 'none', status: 404 });
    expect(log.lines.join('')).not.toContain(RECORD_KEY);
    expect(log.lines.join('')).not.toContain(BODY);
    expect(log.lines.join('')).not.toContain('PROPFIND');
  });
});

describe('JSON event lines', () => {
  it('keep a message with CR and LF on one parseable line', () => {
    const before = log.lines.length;
    log.logger.warn('first\r\n{"level":"error","msg":"forged"}');
    const written = log.lines.slice(before).join('');
    expect(written.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(written)).toMatchObject({
      level: 'warn',
      msg: 'first\r\n{"level":"error","msg":"forged"}',
    });
    expect(typeof JSON.parse(written).time).toBe('string');
  });
});

describe('the text format', () => {
  it('writes no request lines (a terminal would drown in them)', () => {
    expect(createStderrLogger().request).toBeUndefined();
  });
});

describe('resolveLogFormat', () => {
  it.each([
    [undefined, true, 'text'],
    [undefined, false, 'json'],
    ['json', true, 'json'],
    ['text', false, 'text'],
  ] as const)('setting %s, terminal %s: %s', (setting, terminal, format) => {
    expect(resolveLogFormat(setting, terminal)).toBe(format);
  });
});
