// The bench's stand-in speaks the storage API well enough for the facade over real HTTP: what
// batchWrite stores, find returns decrypted, and write + read round-trip one record; so the
// bench's figures are of the SDK's real path, not of an error path.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIn, startStandIn } from '../bench/stand-in.ts';
import { createStorage, SecretKeyAccessor, type Storage } from '../src/index.ts';
import { NO_ENV } from './support/options.ts';

let standIn: StandIn;
let storage: Storage;

beforeAll(async () => {
  standIn = await startStandIn();
  storage = await createStorage(
    {
      environmentId: 'env-stand-in',
      oauthToken: 'stand-in-token',
      endpoint: standIn.endpoint,
      secretKeyAccessor: new SecretKeyAccessor({
        currentVersion: 1,
        secrets: [{ secret: Buffer.alloc(32, 3).toString('base64'), version: 1, isKey: true }],
      }),
    },
    NO_ENV,
  );
});
afterAll(() => standIn.close());

describe('the bench stand-in', () => {
  it('returns from find the records batchWrite stored, filtered by key1', async () => {
    const records = Array.from({ length: 3 }, (_, index) => ({
      recordKey: `r${index}`,
      key1: 'group-a',
      body: `body ${index}`,
    }));
    await storage.batchWrite('de', [...records, { recordKey: 'other', key1: 'group-b' }]);
    const found = await storage.find('de', { key1: 'group-a' }, { limit: 100 });
    expect(found.meta).toEqual({ count: 3, limit: 100, offset: 0, total: 3 });
    expect(found.records.map(({ recordKey, body }) => ({ recordKey, body }))).toEqual(
      records.map(({ recordKey, body }) => ({ recordKey, body })),
    );
  });

  it('reads back the record write stored, and answers 404 for an unknown key', async () => {
    await storage.write('fr', { recordKey: 'single', body: 'one body', rangeKey1: 7 });
    const { record } = await storage.read('fr', 'single');
    expect(record).toMatchObject({ recordKey: 'single', body: 'one body', rangeKey1: 7 });
    await expect(storage.read('fr', 'missing')).rejects.toMatchObject({ status: 404 });
  });
});
