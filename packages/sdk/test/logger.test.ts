// The logger test: no body, key value or secret ever reaches the logger or an error
// message. Every method runs, succeeding and failing (404, 401 twice, 500, a token endpoint
// refusing the credentials, undecryptable records, bad input), against a logger that records
// the arguments of every call; marker strings serve as record key, body, key1, precommit body,
// encryption secret, client secret and OAuth token, and none may appear anywhere.

import {
  createRecordingHandler,
  errorResponse,
  oauthErrorBody,
  tokenHandler,
} from '@residency/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStorage,
  EncryptionType,
  isStorageError,
  type Logger,
  SecretKeyAccessor,
  type Storage,
} from '../src/index.ts';
import { AUTH_URL, ENDPOINT, fakePop } from './support/fake-pop.ts';
import { NO_ENV, validOptions } from './support/options.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const run = Math.random().toString(36).slice(2, 10);
const MARKERS = {
  recordKey: `RK-MARKER-${run}`,
  body: `BODY-MARKER-${run}`,
  key1: `KEY1-MARKER-${run}`,
  precommitBody: `PRECOMMIT-MARKER-${run}`,
  secret: `SECRET-MARKER-${run}`,
  clientSecret: `CLIENT-SECRET-MARKER-${run}`,
  oauthToken: `OAUTH-TOKEN-MARKER-${run}`,
} as const;

/** A logger that keeps every call's arguments as JSON. */
function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push(`${level} ${JSON.stringify(args)}`);
    };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/** Everything a caller might print of an error, down its cause chain. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, String(current), JSON.stringify(current));
      if (isStorageError(current)) parts.push(current.stack ?? '');
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join('\n');
}

/** Runs `action` and returns the text of what it threw, or '' when it succeeded. */
async function attempt(errors: string[], action: () => Promise<unknown>): Promise<void> {
  try {
    const result = await action();
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
      for await (const _ of result as AsyncIterable<unknown>) {
        // drain
      }
    }
  } catch (error) {
    errors.push(describeError(error));
  }
}

const record = {
  recordKey: MARKERS.recordKey,
  body: MARKERS.body,
  precommitBody: MARKERS.precommitBody,
  key1: MARKERS.key1,
};

/** Every method once, with the markers in every argument where they can go. */
async function everyMethod(storage: Storage, errors: string[]): Promise<void> {
  const filter = { recordKey: MARKERS.recordKey, key1: MARKERS.key1 };
  await attempt(errors, () => storage.write('de', record));
  await attempt(errors, () => storage.batchWrite('de', [record, { ...record, recordKey: 'two' }]));
  await attempt(errors, () => storage.read('de', MARKERS.recordKey));
  await attempt(errors, () => storage.find('de', filter, { limit: 5 }));
  await attempt(errors, () => storage.findOne('de', filter));
  await attempt(errors, async () => storage.iterate('de', filter, { pageSize: 1 }));
  await attempt(errors, () => storage.delete('de', MARKERS.recordKey));
  await attempt(errors, () => storage.batchDelete('de', [MARKERS.recordKey]));
  await attempt(errors, () => storage.healthCheck('de'));
}

/** Calls with bad input holding the markers: each must fail without quoting them. */
async function badInput(storage: Storage, errors: string[]): Promise<number> {
  const calls: (() => Promise<unknown>)[] = [
    () => storage.write('de', { ...record, rangeKey1: MARKERS.body as never }),
    () => storage.write('de', { ...record, expiresAt: MARKERS.body }),
    () => storage.write(MARKERS.key1, record),
    () => storage.write('de', { ...record, recordkey: MARKERS.recordKey } as never),
    () => storage.batchWrite('de', [record, { body: MARKERS.body } as never]),
    () => storage.read('de', { key: MARKERS.recordKey } as never),
    () => storage.find('de', { key1: { $gt: MARKERS.key1 } } as never),
    () => storage.find('de', { searchKeys: MARKERS.key1, key1: MARKERS.key1 }),
    () => storage.find('de', {}, { limit: MARKERS.body as never }),
    () => storage.findOne('de', { profileKey: [MARKERS.recordKey, 7] } as never),
    () => storage.delete('de', ''),
    () => storage.batchDelete('de', [MARKERS.recordKey, 3 as never]),
    () => storage.read('de', 'k', { headers: { 'x-trace': `${MARKERS.secret}\n` } }),
    () => storage.read('de', 'k', { headers: { authorization: MARKERS.oauthToken } }),
  ];
  for (const call of calls) await attempt(errors, call);
  return calls.length;
}

function expectNoMarkers(texts: readonly string[]): void {
  const all = texts.join('\n');
  for (const [name, marker] of Object.entries(MARKERS)) {
    // Also lower-cased: normalizeKeys and header handling lowercase values.
    for (const form of [marker, marker.toLowerCase()]) {
      if (all.includes(form)) {
        const where = texts.find((text) => text.includes(form));
        throw new Error(`the ${name} marker leaked into: ${where?.slice(0, 300)}`);
      }
    }
  }
}

const credentialModes = [
  ['client credentials', { clientSecret: MARKERS.clientSecret }],
  [
    'an OAuth token',
    { clientId: undefined, clientSecret: undefined, oauthToken: MARKERS.oauthToken },
  ],
] as const;

function options(
  logger: Logger,
  credentials: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return validOptions({
    logger,
    debug: true,
    secretKeyAccessor: new SecretKeyAccessor(() => MARKERS.secret),
    options: { authEndpoints: { default: AUTH_URL }, normalizeKeys: true },
    ...credentials,
    ...extra,
  });
}

describe.each(credentialModes)('with %s, nothing secret reaches a log line or error', (_, auth) => {
  it('when every method succeeds', async () => {
    const logger = recordingLogger();
    const errors: string[] = [];
    const pop = fakePop();
    server.use(...pop.handlers);
    const storage = await createStorage(options(logger, auth), NO_ENV);
    await everyMethod(storage, errors);
    // Write again so read, find and delete have something to find.
    await storage.write('de', record);
    await everyMethod(storage, errors);
    expect(errors).toEqual([]);
    expect(logger.lines.length).toBeGreaterThan(10);
    expectNoMarkers(logger.lines);
  });

  // How many of the nine calls must fail: healthCheck reports an HTTP status as `result: false`,
  // and delete and batchDelete never read a body.
  it.each([
    ['404', 8, () => errorResponse(404, { errors: [{ title: 'Not Found', detail: 'none' }] })],
    ['401 twice', 9, () => errorResponse(401)],
    ['500', 8, () => errorResponse(500, { errors: [{ title: 'Internal', detail: 'boom' }] })],
    ['a body that is not JSON', 6, () => new Response('<html>', { status: 200 })],
    ['a network failure', 9, () => Response.error()],
  ])('when the PoP answers %s', async (_, failures, respond) => {
    const logger = recordingLogger();
    const errors: string[] = [];
    server.use(
      tokenHandler({ url: AUTH_URL }).handler,
      http.all(`${ENDPOINT}/*`, () => respond()),
    );
    const storage = await createStorage(options(logger, auth), NO_ENV);
    await everyMethod(storage, errors);
    expect(errors).toHaveLength(failures);
    expectNoMarkers([...logger.lines, ...errors]);
  });

  it('when the token endpoint refuses the credentials', async () => {
    const logger = recordingLogger();
    const errors: string[] = [];
    server.use(
      createRecordingHandler('POST', AUTH_URL, () =>
        HttpResponse.json(oauthErrorBody('invalid_client'), { status: 401 }),
      ).handler,
      http.all(`${ENDPOINT}/*`, () => errorResponse(401)),
    );
    const storage = await createStorage(options(logger, auth), NO_ENV);
    await everyMethod(storage, errors);
    expect(errors).toHaveLength(9);
    expectNoMarkers([...logger.lines, ...errors]);
  });

  it('when records cannot be decrypted', async () => {
    const logger = recordingLogger();
    const errors: string[] = [];
    const pop = fakePop();
    server.use(...pop.handlers);
    // Records written with another secret: reading them fails in the crypto layer.
    const writer = await createStorage(
      options(recordingLogger(), auth, {
        secretKeyAccessor: new SecretKeyAccessor(() => `other-${MARKERS.secret}`),
      }),
      NO_ENV,
    );
    await writer.write('de', record);
    const storage = await createStorage(options(logger, auth), NO_ENV);
    await attempt(errors, () => storage.read('de', MARKERS.recordKey));
    await attempt(errors, () => storage.findOne('de', { key1: MARKERS.key1 }));
    await attempt(errors, async () => storage.iterate('de', { key1: MARKERS.key1 }));
    const found = await storage.find('de', { key1: MARKERS.key1 });
    expect(found.errors).toHaveLength(1);
    for (const failure of found.errors ?? []) errors.push(describeError(failure.error));
    expect(errors).toHaveLength(4);
    expectNoMarkers([...logger.lines, ...errors]);
  });

  it('when the input is bad', async () => {
    const logger = recordingLogger();
    const errors: string[] = [];
    const pop = fakePop();
    server.use(...pop.handlers);
    const storage = await createStorage(options(logger, auth), NO_ENV);
    const count = await badInput(storage, errors);
    expect(errors).toHaveLength(count);
    expect(pop.calls()).toHaveLength(0);
    expectNoMarkers([...logger.lines, ...errors]);
  });
});

// OFF hashes keys and writes `pt:` bodies; SSE sends the raw record key in the URL path
// (protocol.md §5.3), which log lines and error messages name by a label (`/{recordKey}`).
describe.each([
  { mode: EncryptionType.OFF, logs: 'no body or key' },
  { mode: EncryptionType.SSE, logs: 'no record key, body, search key or credential' },
])('$mode mode', ({ mode, logs }) => {
  it(`logs ${logs}`, async () => {
    const logger = recordingLogger();
    const errors: string[] = [];
    const pop = fakePop();
    server.use(...pop.handlers);
    const storage = await createStorage(
      validOptions({
        logger,
        clientSecret: MARKERS.clientSecret,
        encrypt: mode,
        secretKeyAccessor: undefined,
      }),
      NO_ENV,
    );
    await storage.write('de', record);
    await everyMethod(storage, errors);
    await badInput(storage, errors);
    expectNoMarkers([...logger.lines, ...errors]);
  });
});
