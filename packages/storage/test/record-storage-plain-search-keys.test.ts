// `searchKeys`, `$like` and a sort on key1..key20 mean nothing where those keys are stored as
// hashes (the default `hashSearchKeys: true` in LOCAL and OFF mode): find, findOne and iterate
// refuse them before any request, naming the field. With `hashSearchKeys: false`, and in SSE
// mode (the server decides there), they are sent as given.
import { InputValidationError } from '@residency/errors';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FindFilter, RecordStorage, SortCriterion } from '../src/index.ts';
import { anyRequest, createHarness, popHandler, tokens } from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const emptyAnswer = () =>
  Response.json({ meta: { count: 0, limit: 100, offset: 0, total: 0 }, data: [] });

const MATCH_RULE =
  'needs plain search keys: create the storage with hashSearchKeys: false (this storage ' +
  'hashes key1..key20, so they would be matched against hashes and find nothing)';
const SORT_RULE =
  'needs plain search keys: create the storage with hashSearchKeys: false (this storage ' +
  'hashes key1..key20, so it would order the hashes, not the values)';

type Call = (storage: RecordStorage) => Promise<unknown>;

const filterCases: [string, FindFilter, string][] = [
  ['searchKeys', { searchKeys: 'berlin' }, 'filter.searchKeys'],
  ['$like', { key2: { $like: 'berl' } }, 'filter.key2.$like'],
];
const sortCases: [string, SortCriterion[], string][] = [
  ['a sort on key1', [{ key1: 'asc' }], 'options.sort.0.key1'],
  [
    'a sort on key20 after another',
    [{ createdAt: 'desc' }, { key20: 'desc' }],
    'options.sort.1.key20',
  ],
];

function callsOf(
  filter: FindFilter | undefined,
  sort: SortCriterion[] | undefined,
): [string, Call][] {
  const options = sort === undefined ? undefined : { sort };
  return [
    ['find', (storage) => storage.find('us', filter, options)],
    ['findOne', (storage) => storage.findOne('us', filter, options)],
    [
      'iterate',
      async (storage) => {
        for await (const _ of storage.iterate('us', filter, options)) break;
      },
    ],
  ];
}

async function refusal(call: Call, storage: RecordStorage): Promise<InputValidationError> {
  const error = await call(storage).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputValidationError);
  return error as InputValidationError;
}

describe.each(['LOCAL', 'OFF'] as const)('hashed search keys in %s mode', (encryption) => {
  const cases = [
    ...filterCases.map(
      ([name, filter, path]) => [name, filter, undefined, path, MATCH_RULE] as const,
    ),
    ...sortCases.map(([name, sort, path]) => [name, undefined, sort, path, SORT_RULE] as const),
  ];

  it.each(cases)(
    'refuse %s in find, findOne and iterate, sending nothing',
    async (_name, filter, sort, path, rule) => {
      const recorders = anyRequest();
      server.use(...recorders.map((recorder) => recorder.handler));
      const { storage } = createHarness({ encryption });
      for (const [, call] of callsOf(filter, sort)) {
        const error = await refusal(call, storage);
        expect(error.path).toBe(path);
        expect(error.message).toBe(`${path} ${rule}`);
      }
      expect(recorders.flatMap((recorder) => recorder.calls)).toEqual([]);
    },
  );

  it('still find by exact search keys and sort by other fields', async () => {
    const find = popHandler('POST', 'us', '/find', emptyAnswer);
    server.use(tokens().handler, find.handler);
    const { storage, codec } = createHarness({ encryption });

    await storage.find('us', { key2: 'platform' }, { sort: [{ rangeKey1: 'desc' }] });

    expect(find.calls[0]?.body).toEqual({
      filter: { key2: codec.hashKeyField('key2', 'platform') },
      options: { limit: 100, offset: 0, sort: [{ range_key1: 'desc' }] },
    });
  });
});

describe.each([
  ['hashSearchKeys false', { hashSearchKeys: false }],
  ['SSE mode', { encryption: 'SSE' as const }],
])('plain search keys (%s)', (_name, options) => {
  it('send searchKeys, $like and a key sort as given from find, findOne and iterate', async () => {
    const find = popHandler('POST', 'us', '/find', emptyAnswer);
    server.use(tokens().handler, find.handler);
    const { storage } = createHarness(options);
    const filters: FindFilter[] = [{ searchKeys: 'berlin' }, { key2: { $like: 'berl' } }];

    for (const filter of filters) {
      for (const [, call] of callsOf(filter, [{ key1: 'asc' }])) await call(storage);
    }

    const sent = find.calls.map(
      (call) => call.body as { filter: unknown; options: { sort: unknown } },
    );
    expect(sent).toHaveLength(6);
    expect(sent.map((body) => body.filter)).toEqual([
      ...Array(3).fill({ search_keys: 'berlin' }),
      ...Array(3).fill({ key2: { $like: 'berl' } }),
    ]);
    for (const body of sent) expect(body.options.sort).toContainEqual({ key1: 'asc' });
  });
});
