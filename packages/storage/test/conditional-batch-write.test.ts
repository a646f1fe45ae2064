// The lower-level API of `@residency/storage/internal` that migration builds on: raw finds that
// keep the server's `updated_at` strings, raw responses, and the conditional batch write with
// its typed 412.
import { StorageServerError, StorageServerResponseValidationError } from '@residency/errors';
import { preconditionIndex, preconditionSource } from '@residency/protocol';
import { errorResponse, preconditionFailedResponse } from '@residency/testing';
import { createTransport } from '@residency/transport';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallDescription,
  type ConditionalRecord,
  runStorageCall,
  type StorageCall,
  StorageContext,
  sendConditionalBatchWrite,
  sendRawFind,
} from '../src/internal.ts';
import { ENV, testCodec } from './support/codecs.ts';
import { echoed, HOST, popHandler, recordsPath, tokens } from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const codec = testCodec('LOCAL');
const context = new StorageContext({
  transport: createTransport({
    environmentId: ENV,
    clientId: 'client-id',
    clientSecret: 'client-secret',
    endpoint: HOST,
  }),
  codec,
});
const description: CallDescription = context.describe('migrate', 'us', undefined);
const inCall = async <T>(body: (call: StorageCall) => Promise<T>): Promise<T> =>
  (await runStorageCall(context.settings, description, body, () => 0)).value;
const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);

const UPDATED_AT = '2024-05-01T10:00:00.123+00:00';

async function conditional(
  recordKey: string,
  expectedUpdatedAt?: string,
): Promise<ConditionalRecord> {
  return { record: await codec.encode({ recordKey, body: recordKey }), expectedUpdatedAt };
}

describe('sendConditionalBatchWrite', () => {
  it('sends expected_updated_at verbatim on the records that have one', async () => {
    const write = popHandler('POST', 'us', '/batchWrite', ({ call }) => {
      const { records } = call.body as { records: unknown[] };
      return Response.json({ records: records.map(echoed) });
    });
    server.use(tokens().handler, write.handler);
    const records = [await conditional('a', UPDATED_AT), await conditional('b')];

    const result = await inCall((call) => sendConditionalBatchWrite(call, records));

    const body = write.calls[0]?.body as { records: Record<string, unknown>[] } | undefined;
    const sent = body?.records ?? [];
    expect(write.calls[0]?.path).toBe(recordsPath('us', '/batchWrite'));
    expect(sent[0]).toEqual({ ...records[0]?.record, expected_updated_at: UPDATED_AT });
    expect(sent[1]).toEqual(records[1]?.record);
    expect('expected_updated_at' in (sent[1] ?? {})).toBe(false);
    expect(result.status).toBe('written');
    expect(
      result.status === 'written' && result.records?.map((record) => record.record_key),
    ).toEqual(records.map((entry) => entry.record.record_key));
  });

  it('says "written" without records when the server echoes none', async () => {
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/batchWrite', () => Response.json({})).handler,
    );

    const result = await inCall(async (call) =>
      sendConditionalBatchWrite(call, [await conditional('a')]),
    );

    expect(result).toEqual({ status: 'written', records: undefined });
  });

  it('reads the indices of a 412, one per failing record, ascending', async () => {
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/batchWrite', () => preconditionFailedResponse([2, 0, 9])).handler,
    );
    const records = await Promise.all(['a', 'b', 'c'].map((key) => conditional(key, UPDATED_AT)));

    const result = await inCall((call) => sendConditionalBatchWrite(call, records));

    // Index 9 is out of range: ignored.
    expect(result).toEqual({ status: 'conflict', conflicts: [0, 2] });
  });

  it('marks every record when a 412 names none it can read', async () => {
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/batchWrite', () =>
        errorResponse(412, {
          errors: [{ title: 'Precondition Failed', source: 'expected_updated_at' }],
        }),
      ).handler,
    );
    const records = await Promise.all(['a', 'b'].map((key) => conditional(key, UPDATED_AT)));

    const result = await inCall((call) => sendConditionalBatchWrite(call, records));

    expect(result).toEqual({ status: 'conflict', conflicts: [0, 1] });
  });

  it('marks every record for a 412 without a body', async () => {
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/batchWrite', () => errorResponse(412)).handler,
    );

    const result = await inCall(async (call) =>
      sendConditionalBatchWrite(call, [await conditional('a', UPDATED_AT)]),
    );

    expect(result).toEqual({ status: 'conflict', conflicts: [0] });
  });

  it('throws every other error status', async () => {
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/batchWrite', () => errorResponse(500)).handler,
    );

    const error = await settle(
      inCall(async (call) => sendConditionalBatchWrite(call, [await conditional('a')])),
    );

    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ status: 500 });
  });

  it('refuses an echo that is not valid records', async () => {
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/batchWrite', () => Response.json({ records: [{ record_key: 7 }] }))
        .handler,
    );

    const error = await settle(
      inCall(async (call) => sendConditionalBatchWrite(call, [await conditional('a')])),
    );

    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect((error as Error).message).toBe(
      'POST /batchWrite returned an invalid body: records.0.record_key must be a non-empty string',
    );
  });
});

describe('sendRawFind and StorageCall.fetch', () => {
  it('returns the records as found, updated_at as the server wrote it', async () => {
    const raw = {
      ...echoed(await codec.encode({ recordKey: 'a', body: 'A' })),
      updated_at: UPDATED_AT,
    };
    const find = popHandler('POST', 'us', '/find', () =>
      Response.json({ meta: { count: 1, limit: 10, offset: 0, total: 1 }, data: [raw] }),
    );
    server.use(tokens().handler, find.handler);
    const filter = { version: { $not: 2 } };

    const page = await inCall((call) =>
      sendRawFind(call, { filter, options: { limit: 10, offset: 0 } }),
    );

    expect(find.calls[0]?.body).toEqual({ filter, options: { limit: 10, offset: 0 } });
    expect(page.data[0]?.updated_at).toBe(UPDATED_AT);
    expect(page.data[0]?.body).toBe(raw.body);
  });

  it('hands back a raw response with its body unread, and keeps its info', async () => {
    server.use(
      tokens().handler,
      popHandler('GET', 'us', '/k/attachments/f', () => new Response('bytes', { status: 200 }))
        .handler,
    );

    const outcome = await runStorageCall(
      context.settings,
      description,
      async (call) => {
        const { response } = await call.fetch({ method: 'GET', path: '/k/attachments/f' });
        return response.text();
      },
      () => 0,
    );

    expect(outcome.value).toBe('bytes');
    expect(outcome.responses.map((info) => info.status)).toEqual([200]);
  });
});

describe('the precondition sources', () => {
  it('names a record by its index, and reads it back', () => {
    expect(preconditionSource(3)).toBe('records[3].expected_updated_at');
    expect(preconditionIndex('records[12].expected_updated_at')).toBe(12);
    expect(preconditionIndex('expected_updated_at')).toBeUndefined();
    expect(preconditionIndex('records[1].body')).toBeUndefined();
  });
});
