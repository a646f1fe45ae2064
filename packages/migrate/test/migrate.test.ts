// `migrate`, the seed's one-page migration (protocol.md §9.1), over an in-memory PoP: the find
// it sends, the re-encrypted records it writes back (conditionally), what it reports.
import {
  InputValidationError,
  StorageClientError,
  StorageCryptoError,
  StorageServerError,
} from '@residency/errors';
import { SecretKeyAccessor } from '@residency/secrets';
import { RecordCodec } from '@residency/storage';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REREADS } from '../src/index.ts';
import {
  accessor,
  codecOn,
  createMigrator,
  ENV,
  inputs,
  type MigrationPop,
  migrationPop,
  type PopBehaviour,
} from './support/migration-pop.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);
const oldCodec = codecOn(accessor(1));
const currentCodec = codecOn(accessor(2));
const foreignCodec = codecOn(
  new SecretKeyAccessor({ currentVersion: 1, secrets: [{ secret: 'lost-password', version: 1 }] }),
);

async function setup(count: number, behaviour: PopBehaviour = {}): Promise<MigrationPop> {
  const pop = migrationPop(behaviour);
  await pop.seed(oldCodec, inputs(count));
  server.use(...pop.handlers);
  return pop;
}

async function bodies(pop: MigrationPop): Promise<(string | null)[]> {
  return Promise.all(
    [...pop.records.values()].map(async (record) => (await currentCodec.decode(record)).body),
  );
}

describe('migrate', () => {
  it('finds records on another version and writes them back re-encrypted, conditionally', async () => {
    const pop = await setup(3);
    const before = [...pop.records.values()];

    const result = await createMigrator().migrate('US');

    expect(result).toEqual({ migrated: 3, totalLeft: 0 });
    expect(pop.finds()).toEqual([
      { filter: { version: { $not: 2 } }, options: { limit: 100, offset: 0 } },
    ]);
    const [written] = pop.writes();
    expect(written).toHaveLength(3);
    for (const [index, record] of (written ?? []).entries()) {
      expect(record.record_key).toBe(before[index]?.record_key);
      expect(record.key1).toBe(before[index]?.key1);
      expect(record.version).toBe(2);
      expect(String(record.body)).toMatch(/^2:/);
      expect(record.body).not.toBe(before[index]?.body);
      // The exact string the server returned, not a re-formatted date.
      expect(record.expected_updated_at).toBe(before[index]?.updated_at);
    }
    expect(pop.versions()).toEqual([2, 2, 2]);
    expect(await bodies(pop)).toEqual(inputs(3).map((input) => input.body));
  });

  it('migrates at most limit records and reports what is left', async () => {
    const pop = await setup(5);

    const result = await createMigrator().migrate('us', 2);

    expect(result).toEqual({ migrated: 2, totalLeft: 3 });
    expect(pop.finds()[0]?.options).toEqual({ limit: 2, offset: 0 });
    expect(pop.versions().sort()).toEqual([1, 1, 1, 2, 2]);
  });

  it('writes nothing when nothing is left', async () => {
    const pop = migrationPop();
    await pop.seed(currentCodec, inputs(2));
    server.use(...pop.handlers);

    expect(await createMigrator().migrate('us')).toEqual({ migrated: 0, totalLeft: 0 });
    expect(pop.writes()).toEqual([]);
  });

  it('reports records that cannot be decrypted in errors, with their raw data, and migrates the rest', async () => {
    const pop = await setup(2);
    await pop.seed(foreignCodec, inputs(1, 'lost'));

    const result = await createMigrator().migrate('us');

    expect(result.migrated).toBe(2);
    expect(result.totalLeft).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
    expect(result.errors?.[0]?.rawData.record_key).toBe(
      currentCodec.hashKeyField('record_key', 'lost-0'),
    );
    expect(pop.writes()[0]).toHaveLength(2);
  });

  it('refuses to re-encrypt a record whose stored key is not the one in its body, and writes nothing for it', async () => {
    const pop = await setup(1);
    const [record] = [...pop.records.values()];
    pop.records.clear();
    pop.store({ ...record, record_key: 'f'.repeat(64) });

    const result = await createMigrator().migrate('us');

    expect(result.migrated).toBe(0);
    expect(result.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
    expect(result.errors?.[0]?.error.message).toMatch(/record_key does not match the one sealed/);
    expect(pop.writes()).toEqual([]);
  });

  it('also refuses when this storage normalizes keys and the writer did not', async () => {
    const pop = migrationPop();
    await pop.seed(oldCodec, [{ recordKey: 'Mixed-Case', body: 'b' }]);
    server.use(...pop.handlers);
    const secretKeyAccessor = accessor(2);
    const codec = codecOn(secretKeyAccessor, { normalizeKeys: true });

    const result = await createMigrator({ codec, secretKeyAccessor }).migrate('us');

    // The stored hash is of 'Mixed-Case', not of 'mixed-case' as this storage hashes it.
    expect(result.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
    expect(pop.writes()).toEqual([]);
  });

  it('refuses a record whose keys would change on re-encryption (plain search keys, now hashed)', async () => {
    const pop = migrationPop();
    const plainWriter = codecOn(accessor(1), { hashSearchKeys: false });
    await pop.seed(plainWriter, [{ recordKey: 'user-1', body: 'b', key1: 'berlin' }]);
    server.use(...pop.handlers);
    const secretKeyAccessor = accessor(2);

    const result = await createMigrator({
      codec: codecOn(secretKeyAccessor),
      secretKeyAccessor,
    }).migrate('us');

    expect(result.errors?.[0]?.error).toBeInstanceOf(StorageClientError);
    expect(result.errors?.[0]?.error.message).toMatch(/would change its stored keys/);
    expect(pop.writes()).toEqual([]);
  });

  it('re-reads a record that changed since it was read (412), and keeps the change', async () => {
    const changedKey = currentCodec.hashKeyField('record_key', 'user-1');
    // Another client rewrites user-1, with the old secret, between migrate's read and write.
    const rewritten = await oldCodec.encode({
      recordKey: 'user-1',
      body: 'changed',
      key1: 'city-1',
    });
    let racedAt: string | undefined;
    const pop = await setup(3, {
      beforeWrite: (self) => {
        if (racedAt !== undefined) return;
        self.store(rewritten as never);
        racedAt = self.records.get(changedKey)?.updated_at;
      },
    });

    const result = await createMigrator().migrate('us');

    expect(result).toEqual({ migrated: 3, totalLeft: 0 });
    const writes = pop.writes();
    expect(writes).toHaveLength(2);
    expect(pop.finds()[1]?.filter).toEqual({ version: { $not: 2 }, record_key: [changedKey] });
    const first = writes[0]?.find((record) => record.record_key === changedKey);
    const retried = writes[1]?.find((record) => record.record_key === changedKey);
    expect(first?.expected_updated_at).not.toBe(racedAt);
    expect(retried?.expected_updated_at).toBe(racedAt);
    expect(pop.versions()).toEqual([2, 2, 2]);
    const record = pop.records.get(changedKey);
    expect(record && (await currentCodec.decode(record)).body).toBe('changed');
  });

  it('gives up on a record that keeps changing, reporting a 412, and writes the others', async () => {
    const changing = currentCodec.hashKeyField('record_key', 'user-0');
    const pop = await setup(2, {
      beforeWrite: (self) => {
        const record = self.records.get(changing);
        if (record !== undefined) self.store({ ...record });
      },
    });

    const result = await createMigrator().migrate('us');

    expect(result.migrated).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.error).toBeInstanceOf(StorageServerError);
    expect(result.errors?.[0]?.error).toMatchObject({ status: 412 });
    expect(pop.finds()).toHaveLength(1 + MAX_REREADS);
    expect(pop.records.get(changing)?.version).toBe(1);
  });

  it('skips a record migrated by someone else meanwhile', async () => {
    let raced = false;
    const pop = await setup(2, {
      beforeWrite: (self) => {
        if (raced) return;
        raced = true;
        const key = currentCodec.hashKeyField('record_key', 'user-0');
        self.store({ ...self.records.get(key), version: 2 });
      },
    });

    const result = await createMigrator().migrate('us');

    expect(result).toEqual({ migrated: 1, totalLeft: 1 });
    expect(pop.writes()[1]).toHaveLength(1);
  });

  it('writes unconditionally through a server without the extension', async () => {
    const pop = await setup(2, { ignorePreconditions: true });

    expect(await createMigrator().migrate('us')).toEqual({ migrated: 2, totalLeft: 0 });
    expect(pop.writes()).toHaveLength(1);
  });

  it('lists the response of each request in debug mode, oldest first', async () => {
    await setup(1);

    const result = await createMigrator({ debug: true }).migrate('us');

    expect(Array.isArray(result.httpResponse)).toBe(true);
    const responses = result.httpResponse as readonly { url: string; status: number }[];
    expect(responses.map((info) => new URL(info.url).pathname)).toEqual([
      '/v2/storage/records/us/find',
      '/v2/storage/records/us/batchWrite',
    ]);
  });
});

describe('migrate: records written unencrypted (OFF)', () => {
  const off = new RecordCodec({ environmentId: ENV, encryption: 'OFF' });

  it('re-encrypts pt: bodies, which the LOCAL storage itself refuses to read', async () => {
    const pop = migrationPop();
    await pop.seed(off, inputs(2));
    server.use(...pop.handlers);
    const [first] = [...pop.records.values()];
    expect(first?.body?.startsWith('pt:')).toBe(true);
    await expect(currentCodec.decode(first as never)).rejects.toThrow(StorageCryptoError);

    const result = await createMigrator().migrate('us');

    expect(result).toEqual({ migrated: 2, totalLeft: 0 });
    expect(pop.versions()).toEqual([2, 2]);
    expect(await bodies(pop)).toEqual(inputs(2).map((input) => input.body));
  });

  it("does not re-seal a pt: body that is not the record's own", async () => {
    const pop = migrationPop();
    await pop.seed(off, [
      { recordKey: 'alice', body: 'ALICE' },
      { recordKey: 'bob', body: 'BOB' },
    ]);
    server.use(...pop.handlers);
    const [alice, bob] = [...pop.records.values()];
    pop.store({ ...bob, body: alice?.body });

    const result = await createMigrator().migrate('us');

    expect(result.migrated).toBe(1);
    expect(result.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
    expect(result.errors?.[0]?.rawData.record_key).toBe(bob?.record_key);
    expect(
      pop
        .writes()
        .flat()
        .map((record) => record.record_key),
    ).toEqual([alice?.record_key]);
  });
});

describe('migrate: refusals', () => {
  it('needs encryption LOCAL with a secret key accessor, as the seed', async () => {
    const off = new RecordCodec({ environmentId: ENV, encryption: 'OFF' });
    const sse = new RecordCodec({ environmentId: ENV, encryption: 'SSE' });
    for (const overrides of [
      { codec: off, secretKeyAccessor: undefined },
      { codec: sse, secretKeyAccessor: undefined },
      { secretKeyAccessor: undefined },
    ]) {
      const error = await settle(createMigrator(overrides).migrate('us'));
      expect(error).toBeInstanceOf(StorageClientError);
      expect((error as Error).message).toBe('This method is only allowed with encryption enabled');
    }
  });

  it('checks its arguments before any request', async () => {
    const pop = await setup(1);
    for (const limit of [0, 101, 1.5, '10', Number.NaN]) {
      const error = await settle(createMigrator().migrate('us', limit as number));
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).toBe('limit must be an integer from 1 to 100');
    }
    expect(await settle(createMigrator().migrate('usa'))).toMatchObject({ path: 'country' });
    expect(await settle(createMigrator().migrate('us', 1, { nope: 1 } as never))).toBeInstanceOf(
      InputValidationError,
    );
    expect(pop.finds()).toEqual([]);
  });
});
