// Ill-formed Unicode is refused before anything is sent (issue 14): a lone surrogate has no
// UTF-8 form, so `'col\ud800'` and `'col\udbff'` hashed alike (both as `'col\ufffd'`), an SSE
// key broke `encodeURIComponent`, and the server failed the JSON. The error names the field,
// never the value.
import { InputValidationError } from '@residency/errors';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EncryptionType, RecordStorage } from '../src/index.ts';
import { parseRecordInput } from '../src/record-input.ts';
import {
  anyRequest,
  createHarness,
  echoed,
  popHandler,
  tokens,
} from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const LONE = 'MARKER-\ud800';
const RULE = 'must be well-formed Unicode (no lone surrogate)';

type Call = (storage: RecordStorage) => Promise<unknown>;

/** Every place a string reaches a request, with the path the error must name. */
function calls(encryption: EncryptionType): [string, Call][] {
  const plainSearch = encryption === 'SSE';
  const list: [string, Call][] = [
    ['record.recordKey', (s) => s.write('us', { recordKey: LONE })],
    ['record.body', (s) => s.write('us', { recordKey: 'k', body: LONE })],
    ['record.precommitBody', (s) => s.write('us', { recordKey: 'k', precommitBody: LONE })],
    ['record.profileKey', (s) => s.write('us', { recordKey: 'k', profileKey: LONE })],
    ['record.parentKey', (s) => s.write('us', { recordKey: 'k', parentKey: LONE })],
    ['record.serviceKey3', (s) => s.write('us', { recordKey: 'k', serviceKey3: LONE })],
    ['record.key7', (s) => s.write('us', { recordKey: 'k', key7: LONE })],
    [
      'records.1.key2',
      (s) => s.batchWrite('us', [{ recordKey: 'a' }, { recordKey: 'b', key2: LONE }]),
    ],
    ['recordKey', (s) => s.read('us', LONE)],
    ['recordKey', (s) => s.delete('us', LONE)],
    ['recordKeys.1', (s) => s.batchDelete('us', ['a', LONE])],
    ['filter.recordKey', (s) => s.find('us', { recordKey: LONE })],
    ['filter.key1.1', (s) => s.find('us', { key1: ['a', LONE] })],
    ['filter.profileKey.$not', (s) => s.find('us', { profileKey: { $not: LONE } })],
    ['filter.$or.1.key3', (s) => s.find('us', { $or: [{ key1: 'a' }, { key3: LONE }] })],
    ['filter.serviceKey1', (s) => s.findOne('us', { serviceKey1: LONE })],
  ];
  if (plainSearch) {
    list.push(
      ['filter.key2.$like', (s) => s.find('us', { key2: { $like: LONE } })],
      ['filter.searchKeys', (s) => s.find('us', { searchKeys: LONE })],
    );
  }
  return list;
}

describe.each(['LOCAL', 'OFF', 'SSE'] as const)('%s: a lone surrogate', (encryption) => {
  it.each(calls(encryption))('in %s is refused before any request', async (path, call) => {
    const handlers = anyRequest();
    server.use(...handlers.map((handler) => handler.handler));
    const { storage } = createHarness({ encryption });

    const error = await call(storage).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ path });
    expect((error as Error).message).toContain(`${path} ${RULE}`);
    expect(String(error)).not.toContain('MARKER');
    expect(handlers.flatMap((handler) => handler.calls)).toHaveLength(0);
  });
});

describe.each([
  ['LOCAL', { encryption: 'LOCAL' }],
  ['plain search keys', { encryption: 'LOCAL', hashSearchKeys: false }],
] as const)('%s: partial matches', (_, options) => {
  it('refuse a lone surrogate in $like and searchKeys', async () => {
    const { storage } = createHarness(options);
    // With hashed search keys the mode rule answers first; either way nothing is sent.
    await expect(storage.find('us', { key2: { $like: LONE } })).rejects.toThrow(
      InputValidationError,
    );
    await expect(storage.find('us', { searchKeys: `ab${LONE}` })).rejects.toThrow(
      InputValidationError,
    );
  });
});

describe('well-formed text', () => {
  it('goes through: astral characters (surrogate pairs) and U+FFFD itself', async () => {
    const write = popHandler('POST', 'us', '', ({ call }) => Response.json(echoed(call.body)));
    server.use(tokens().handler, write.handler);
    const { storage } = createHarness();
    const text = 'emoji \ud83d\ude80 and \ufffd';

    const { record } = await storage.write('us', { recordKey: text, body: text, key1: text });

    expect(record).toMatchObject({ recordKey: text, body: text, key1: text });
    expect(write.calls).toHaveLength(1);
  });

  it('names every ill-formed field of one record', () => {
    const attempt = () =>
      parseRecordInput(
        { recordKey: 'k', body: '\udc00', key1: 'a\ud800b' },
        { encryption: 'LOCAL', hashSearchKeys: false },
      );
    expect(attempt).toThrow(`record.body ${RULE}; record.key1 ${RULE}`);
  });
});
