// Property-based fuzzing of the server over real HTTP, on PGlite and on PostgreSQL: requests
// generated from the wire schemas (every records and attachment route, the token route, the
// countries list), then mutated (wrong types, lengths past the limits, lone surrogates, bytes
// that are no UTF-8, years 0000 and 10000, odd offsets, deep nesting, integers past 64 bits,
// wrong or missing headers and content types, CR/LF in header values and strings), written byte
// by byte to the server's socket. Properties: a valid request succeeds; any request is answered
// 2xx or 4xx, never 5xx, never with a submitted secret in the answer, never with a submitted
// value in an error answer or the log; and after each run the SDK still writes and reads.
//
// Reproducing a failure: the message names the seed and the path of the shrunk case.
//   FUZZ_SEED=<seed> FUZZ_PATH=<path> pnpm --filter @residency/server exec vitest run \
//     --config vitest.config.integration.ts test/fuzz.integration.test.ts
// FUZZ_RUNS=<n> sets the runs of the records property (default 600; the attachment property
// runs half as many, the token property a quarter); FUZZ_SEED alone replays a whole run (with
// the same FUZZ_RUNS). Without FUZZ_SEED each run draws a new seed, so runs explore further.
// The default costs a few seconds per backend on an idle 2-core machine (both backends run).

import { randomUUID } from 'node:crypto';
import type { Storage } from '@residency/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../src/index.ts';
import {
  attachmentMutation,
  type Mutation,
  mutations,
  recordMutation,
  tokenMutation,
  variation,
} from './integration-support/fuzz-mutations.ts';
import type {
  BuiltRequest,
  FuzzCase,
  FuzzCredentials,
} from './integration-support/fuzz-requests.ts';
import { buildRequest } from './integration-support/fuzz-requests.ts';
import {
  attachmentSpecs,
  type FuzzAnchors,
  type RequestSpec,
  recordSpecs,
  tokenSpecs,
} from './integration-support/fuzz-routes.ts';
import { SECRET_MARKER, VALUE_MARKER } from './integration-support/fuzz-values.ts';
import { fetchToken, rawClient, tokenAnswer } from './integration-support/raw-http.ts';
import { type RawResponse, sendRawRequest } from './integration-support/raw-socket-http.ts';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

const RECORD_RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const ATTACHMENT_RUNS = Math.max(1, Math.round(RECORD_RUNS / 2));
const TOKEN_RUNS = Math.max(1, Math.round(RECORD_RUNS / 4));
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;
/** A guard against a hang, never a speed check: shrinking a failure sends many requests. */
const PROPERTY_TIMEOUT_MS = 600_000;
const COUNTRY = 'de';
/**
 * Short body deadlines: a mutated request whose framing promises more body than it sends (say
 * `Transfer-Encoding: chunked` with no chunks) is answered only when its deadline passes (408),
 * which must come well within the exchange guard of `raw-socket-http.ts`.
 */
const DEADLINE_FLAGS = {
  'token-body-timeout': '2',
  'json-body-timeout': '2',
  'upload-idle-timeout': '2',
  'headers-timeout': '4',
};
/** How the token route's attempt limit logs that it engaged (`limits/token-attempts.ts`). */
const LIMIT_LOG_LINE = 'warn token requests refused for ';

/** Log lines of the server under test. */
function collectingLogger(lines: string[]): Logger {
  return {
    info: (line) => lines.push(`info ${line}`),
    warn: (line) => lines.push(`warn ${line}`),
    error: (line) => lines.push(`error ${line}`),
  };
}

/** Uploads the anchor record's attachment with fetch, as a browser would. */
async function uploadAnchorFile(server: TestServer, token: string, recordKey: string) {
  const form = new FormData();
  form.append('file', new Blob(['anchor file']), 'anchor.txt');
  const response = await fetch(
    `${server.url}/v2/storage/records/${COUNTRY}/${encodeURIComponent(recordKey)}/attachments`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-env-id': server.credentials.environmentId },
      body: form,
    },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { file_id: string }).file_id;
}

function statusAllowed(built: BuiltRequest, status: number): boolean {
  const success = status >= 200 && status < 300;
  if (built.expect === 'success') return success;
  if (built.expect === 'success-or-missing') return success || status === 404;
  if (built.expect === 'token') return status === 200 || status === 429;
  return success || (status >= 400 && status < 500);
}

function answerText(response: RawResponse): string {
  const headers = response.headers.map(([name, value]) => `${name}: ${value}`).join('\n');
  return `${headers}\n${response.body.toString('utf8')}\n${response.body.toString('latin1')}`;
}

/** The error body of the API (`errors`) or of the token route (`error`), when there is a body. */
function isErrorBody(response: RawResponse): boolean {
  if (response.body.length === 0) return true;
  try {
    const body = JSON.parse(response.body.toString('utf8')) as {
      errors?: unknown;
      error?: unknown;
    };
    return (Array.isArray(body.errors) && body.errors.length > 0) || typeof body.error === 'string';
  } catch {
    return false;
  }
}

/**
 * Lists the rules an answer breaks.
 *
 * @param built The request and what its answer must be.
 * @param response The answer.
 * @param secrets Texts no answer may hold.
 * @param logLines What the server logged meanwhile.
 * @returns The broken rules, in words; empty when the answer is fine.
 */
function brokenRules(
  built: BuiltRequest,
  response: RawResponse,
  secrets: readonly string[],
  logLines: readonly string[],
  uncaught: readonly string[],
): string[] {
  const text = answerText(response);
  const refused = response.status >= 400;
  const broken: string[] = [];
  if (!statusAllowed(built, response.status)) broken.push(`a status outside ${built.expect}`);
  const leaks = secrets.filter((secret) => text.includes(secret)).length;
  if (leaks > 0) broken.push(`${leaks} secrets in the answer`);
  if (refused && text.includes(VALUE_MARKER)) broken.push('a submitted value in an error answer');
  if (refused && !isErrorBody(response)) broken.push('an error answer without an error body');
  // The one line a fuzzed request may cause: the token route's attempt limit engaging (the
  // address sends many failed attempts); it names the client id and address, never a value.
  const unexpected = logLines.filter(
    (line) => !line.startsWith(LIMIT_LOG_LINE) || line.includes(VALUE_MARKER),
  );
  if (unexpected.length > 0) broken.push(`log lines ${JSON.stringify(unexpected)}`);
  const leakedInLog = secrets.filter((secret) => logLines.some((line) => line.includes(secret)));
  if (leakedInLog.length > 0) broken.push(`${leakedInLog.length} secrets in the log`);
  if (uncaught.length > 0) broken.push(`uncaught errors in the server ${JSON.stringify(uncaught)}`);
  return broken;
}

describe.each(SERVER_BACKENDS)('fuzzed requests over real HTTP on $name', (backend) => {
  const logLines: string[] = [];
  // The server runs in this process: an error it leaves uncaught would end a real one.
  const uncaught: string[] = [];
  const onUncaught = (error: unknown): void => {
    uncaught.push(error instanceof Error ? `${error.name}: ${error.message}` : typeof error);
  };
  let server: TestServer;
  let storage: Storage;
  let credentials: FuzzCredentials;
  let anchors: FuzzAnchors;
  let secrets: string[];

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    server = await startTestServer(backend, collectingLogger(logLines), DEADLINE_FLAGS);
    const other = await server.addEnvironment('fuzz-other');
    const tokenClient = await server.addEnvironment('fuzz-token');
    const token = await fetchToken(server.url, server.credentials);
    credentials = {
      country: COUNTRY,
      environmentId: server.credentials.environmentId,
      token,
      otherEnvironmentId: other.environmentId,
      otherToken: await fetchToken(server.url, other),
      tokenClient,
    };
    const recordKey = `${VALUE_MARKER}-anchor`;
    const written = await rawClient(server.url, server.credentials).send(
      'POST',
      `/v2/storage/records/${COUNTRY}`,
      {
        record_key: recordKey,
        body: 'anchor',
      },
    );
    expect(written.status).toBe(200);
    const fileId = await uploadAnchorFile(server, token, recordKey);
    anchors = { recordKey, fileId, tokenEnvironmentId: tokenClient.environmentId };
    secrets = [
      SECRET_MARKER,
      token,
      credentials.otherToken,
      server.credentials.clientSecret,
      tokenClient.clientSecret,
      other.clientSecret,
    ];
    // The SDK fetches its token now: the token route may limit attempts once fuzzed.
    storage = await connectStorage(server.url, server.credentials);
    await storage.write(COUNTRY, { recordKey: 'before-the-fuzz', body: 'fine' });
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await server?.close();
  });

  async function check(testCase: FuzzCase): Promise<void> {
    const built = buildRequest(credentials, testCase);
    const [linesBefore, uncaughtBefore] = [logLines.length, uncaught.length];
    const response = await sendRawRequest(server.url, built.request);
    // What the server does once the body has ended (busboy's last events) happens by now.
    await new Promise((resolve) => setImmediate(resolve));
    const broken = brokenRules(
      built,
      response,
      secrets,
      logLines.slice(linesBefore),
      uncaught.slice(uncaughtBefore),
    );
    if (broken.length > 0) {
      const body = JSON.stringify(response.body.subarray(0, 300).toString('latin1'));
      throw new Error(`status ${response.status} breaks: ${broken.join('; ')}; body ${body}`);
    }
  }

  async function runProperty(name: string, cases: fc.Arbitrary<FuzzCase>, numRuns: number) {
    await fc.assert(fc.asyncProperty(cases, check), {
      numRuns,
      includeErrorInReport: true,
      ...(SEED === undefined ? {} : { seed: SEED }),
      ...(PATH === undefined ? {} : { path: PATH }),
      asyncReporter: async (details) => {
        if (!details.failed) return;
        const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}`;
        throw new Error(
          `fuzz property "${name}" on ${backend.name} failed; replay with ${replay} ` +
            `(see the header of test/fuzz.integration.test.ts)\n${await fc.asyncDefaultReportMessage(details)}`,
        );
      },
    });
  }

  async function expectStillServing(): Promise<void> {
    const recordKey = `after-${randomUUID()}`;
    await storage.write(COUNTRY, { recordKey, body: 'still fine', key1: 'k' });
    const { record } = await storage.read(COUNTRY, recordKey);
    expect([record.body, record.key1]).toEqual(['still fine', 'k']);
    // The token route still answers: a token, or — when the fuzzing's failed attempts from
    // this address engaged the attempt limit, which it logged — 429 with Retry-After.
    const limited = logLines.some((line) => line.startsWith(LIMIT_LOG_LINE));
    const answer = await tokenAnswer(server.url, server.credentials);
    if (limited && answer.status === 429) expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    else expect(answer.status).toBe(200);
  }

  function cases(spec: fc.Arbitrary<RequestSpec>, mutation: fc.Arbitrary<Mutation>) {
    return fc.record({ spec, variation, mutations: mutations(mutation) });
  }

  it(
    'answers generated records requests with 2xx or 4xx, never 5xx, never an echo',
    async () => {
      await runProperty('records routes', cases(recordSpecs(anchors), recordMutation), RECORD_RUNS);
      await expectStillServing();
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answers generated attachment requests with 2xx or 4xx, never 5xx, never an echo',
    async () => {
      const arbitrary = cases(attachmentSpecs(anchors), attachmentMutation);
      await runProperty('attachment routes', arbitrary, ATTACHMENT_RUNS);
      await expectStillServing();
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answers generated token requests with 200, 4xx or 429, never 5xx, never an echo',
    async () => {
      await runProperty('token route', cases(tokenSpecs(anchors), tokenMutation), TOKEN_RUNS);
      await expectStillServing();
    },
    PROPERTY_TIMEOUT_MS,
  );
});
