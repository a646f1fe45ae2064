// `migrateAll` over an in-memory PoP: a whole country migrated page by page, undecryptable
// records reported and never looped on, progress, abort and resume, conflicts, the concurrency
// bound, and servers that ignore filters or preconditions.
import {
  InputValidationError,
  StorageClientError,
  StorageCryptoError,
  StorageNetworkError,
  StorageServerError,
} from '@residency/errors';
import { SecretKeyAccessor } from '@residency/secrets';
import { RecordCodec } from '@residency/storage';
import { errorResponse } from '@residency/testing';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATE_ALL_OPTIONS, type MigrateProgress } from '../src/index.ts';
import {
  accessor,
  codecOn,
  createMigrator,
  ENV,
  HOST,
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

async function setup(good: number, lost = 0, behaviour: PopBehaviour = {}): Promise<MigrationPop> {
  const pop = migrationPop(behaviour);
  await pop.seed(oldCodec, inputs(good));
  await pop.seed(foreignCodec, inputs(lost, 'lost'));
  server.use(...pop.handlers);
  return pop;
}

describe('migrateAll', () => {
  it('migrates every record, page by page, reporting progress after each', async () => {
    const pop = await setup(250);
    const progress: MigrateProgress[] = [];

    const result = await createMigrator().migrateAll('us', {
      onProgress: (step) => progress.push(step),
    });

    expect(result).toEqual({
      migrated: 250,
      failed: 0,
      skipped: 0,
      conflicts: 0,
      totalLeft: 0,
      failures: [],
      complete: true,
    });
    expect(pop.versions().every((version) => version === 2)).toBe(true);
    expect(pop.writes().map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(progress.map((step) => [step.migrated, step.totalLeft])).toEqual([
      [100, 150],
      [200, 50],
      [250, 0],
    ]);
    // One record at a time in flight: every find starts at the first record still to do.
    expect(pop.finds().map((find) => find.options)).toEqual(
      Array(4).fill({ limit: 100, offset: 0, sort: [{ created_at: 'asc' }] }),
    );
    expect(pop.finds()[0]?.filter).toEqual({ version: { $not: 2 } });
  });

  it('reports undecryptable records, keeps them out of later finds, and ends', async () => {
    const pop = await setup(70, 30);

    const result = await createMigrator().migrateAll('us', { pageSize: 20 });

    expect(result.migrated).toBe(70);
    expect(result.failed).toBe(30);
    expect(result.complete).toBe(true);
    expect(result.totalLeft).toBe(0);
    expect(new Set(result.failures.map((failure) => failure.recordKey)).size).toBe(30);
    for (const failure of result.failures) {
      expect(failure.error).toBeInstanceOf(StorageCryptoError);
      expect(failure.rawData.record_key).toBe(failure.recordKey);
    }
    const excluded = pop.finds().at(-1)?.filter.record_key as { $not: string[] };
    expect(excluded.$not.sort()).toEqual(
      result.failures.map((failure) => failure.recordKey).sort(),
    );
    // No record is ever looked at twice: 100 records, 20 a page, one empty find to end.
    expect(pop.finds()).toHaveLength(6);
    expect(pop.versions().filter((version) => version === 1)).toHaveLength(30);
  });

  it('stops at maxFailures, incomplete', async () => {
    const pop = await setup(10, 30);

    const result = await createMigrator().migrateAll('us', { pageSize: 5, maxFailures: 10 });

    expect(result.complete).toBe(false);
    expect(result.failed).toBe(10);
    expect(pop.versions().filter((version) => version === 1).length).toBeGreaterThan(0);
  });

  it('stops on abort, after the page in flight, and resumes where it stopped', async () => {
    const pop = await setup(50);
    const controller = new AbortController();

    const error = await settle(
      createMigrator().migrateAll('us', {
        pageSize: 10,
        signal: controller.signal,
        onProgress: ({ migrated }) => {
          if (migrated === 20) controller.abort(new Error('operator stop'));
        },
      }),
    );

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toBe('Migrating records was aborted');
    expect(((error as Error).cause as Error).message).toBe('operator stop');
    expect(pop.versions().filter((version) => version === 2)).toHaveLength(20);

    const resumed = await createMigrator().migrateAll('us', { pageSize: 10 });

    expect(resumed).toMatchObject({ migrated: 30, failed: 0, complete: true });
    expect(pop.versions().every((version) => version === 2)).toBe(true);
  });

  it('aborts a write in flight and leaves nothing running', async () => {
    const controller = new AbortController();
    const pop = await setup(5, 0, {
      holdWrite: () => {
        controller.abort();
        return new Promise<void>(() => undefined);
      },
    });

    const error = await settle(createMigrator().migrateAll('us', { signal: controller.signal }));

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect(pop.versions().every((version) => version === 1)).toBe(true);
  });

  it('fails at once when the signal is already aborted', async () => {
    const pop = await setup(5);

    const error = await settle(createMigrator().migrateAll('us', { signal: AbortSignal.abort() }));

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect(pop.finds()).toEqual([]);
  });

  it('re-reads records changed during the run (412) instead of overwriting them', async () => {
    const changedKey = currentCodec.hashKeyField('record_key', 'user-3');
    const rewritten = await oldCodec.encode({ recordKey: 'user-3', body: 'changed', key1: 'x' });
    let raced = false;
    const pop = await setup(20, 0, {
      beforeWrite: (self) => {
        if (raced) return;
        raced = true;
        self.store(rewritten as never);
      },
    });

    const result = await createMigrator().migrateAll('us', { pageSize: 10 });

    expect(result).toMatchObject({ migrated: 20, conflicts: 1, failed: 0, complete: true });
    const record = pop.records.get(changedKey);
    expect(record?.version).toBe(2);
    expect(record && (await currentCodec.decode(record)).body).toBe('changed');
  });

  it('keeps at most concurrency pages in flight', async () => {
    const arrived: (() => void)[] = [];
    const pop = await setup(100, 0, {
      // The first three writes wait for each other: three pages are then in flight at once.
      holdWrite: (index) => {
        if (index >= 3) return undefined;
        return new Promise<void>((resolve) => {
          arrived.push(resolve);
          if (arrived.length === 3) for (const release of arrived) release();
        });
      },
    });

    const result = await createMigrator().migrateAll('us', { pageSize: 10, concurrency: 3 });

    expect(result).toMatchObject({ migrated: 100, complete: true });
    expect(pop.concurrency.max).toBe(3);
    expect(pop.versions().every((version) => version === 2)).toBe(true);
    // Pages in flight are stepped over by offset, never found twice.
    expect(pop.writes().flat()).toHaveLength(100);
  });

  it('does not end on an empty find stepped past pages that settled during it', async () => {
    // 110 records, pages of 50, two at once. The third find is sent while the second page is in
    // flight (offset 50); that page is written and settles before the find is answered, so the
    // find sees only the last 10 records, past its offset: an empty page, nothing in flight.
    let thirdFindSent!: () => void;
    const thirdFind = new Promise<void>((resolve) => {
      thirdFindSent = resolve;
    });
    let secondPageSettled!: () => void;
    const secondPage = new Promise<void>((resolve) => {
      secondPageSettled = resolve;
    });
    const pop = await setup(110, 0, {
      holdWrite: (index) => (index === 1 ? thirdFind : undefined),
      holdFind: (index) => {
        if (index !== 2) return undefined;
        thirdFindSent();
        return secondPage.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
      },
    });

    const result = await createMigrator().migrateAll('us', {
      pageSize: 50,
      concurrency: 2,
      onProgress: ({ migrated }) => {
        if (migrated === 100) secondPageSettled();
      },
    });

    expect(pop.finds()[2]?.options.offset).toBe(50);
    expect(result).toMatchObject({ migrated: 110, totalLeft: 0, complete: true });
    expect(pop.versions().every((version) => version === 2)).toBe(true);
  });

  it('writes one page at a time by default', async () => {
    const pop = await setup(30);

    await createMigrator().migrateAll('us', { pageSize: 10 });

    expect(pop.concurrency.max).toBe(1);
    expect(DEFAULT_MIGRATE_ALL_OPTIONS).toEqual({
      pageSize: 100,
      concurrency: 1,
      maxFailures: 1000,
    });
  });

  it('ends against a server that ignores every filter', async () => {
    const pop = await setup(15, 5, { ignoreFilters: true });

    const result = await createMigrator().migrateAll('us', { pageSize: 4 });

    expect(result).toMatchObject({ migrated: 15, failed: 5, complete: true });
    expect(result.skipped).toBeGreaterThan(0);
    expect(pop.versions().filter((version) => version === 2)).toHaveLength(15);
  });

  it('stops at the first failed request; what was written stays migrated', async () => {
    const pop = await setup(30);
    let finds = 0;
    server.use(
      http.post(`${HOST}/v2/storage/records/us/find`, () => {
        finds += 1;
        return finds === 2 ? errorResponse(500) : undefined;
      }),
    );

    const error = await settle(createMigrator().migrateAll('us', { pageSize: 10 }));

    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ status: 500 });
    expect(pop.versions().filter((version) => version === 2)).toHaveLength(10);
  });

  it('stops with what onProgress throws', async () => {
    await setup(20);
    const thrown = new Error('progress bar broke');

    const error = await settle(
      createMigrator().migrateAll('us', {
        pageSize: 10,
        onProgress: () => {
          throw thrown;
        },
      }),
    );

    expect(error).toBe(thrown);
  });

  it('sends the custom headers on every request', async () => {
    const pop = await setup(3);

    await createMigrator().migrateAll('us', { headers: { 'X-Run': 'rotation-7' } });

    const calls = [...pop.find.calls, ...pop.batchWrite.calls];
    expect(calls.map((call) => call.headers['x-run'])).toEqual(
      Array(calls.length).fill('rotation-7'),
    );
  });

  it('follows a rotation of the current version during the run', async () => {
    const pop = await setup(20);
    let current = 2;
    const rotating = new SecretKeyAccessor(() => ({
      currentVersion: current,
      secrets: [
        { secret: 'old-password', version: 1 },
        { secret: 'new-password', version: 2 },
        { secret: 'newest-password', version: 3 },
      ],
    }));

    const result = await createMigrator({
      secretKeyAccessor: rotating,
      codec: codecOn(rotating),
    }).migrateAll('us', {
      pageSize: 10,
      onProgress: () => {
        current = 3;
      },
    });

    expect(result.complete).toBe(true);
    expect(pop.versions().every((version) => version === 3)).toBe(true);
    expect(pop.finds().at(-1)?.filter).toEqual({ version: { $not: 3 } });
  });
});

describe('migrateAll: what it logs and throws', () => {
  it('names no key and no body, of records migrated or failed', async () => {
    const pop = migrationPop();
    await pop.seed(oldCodec, inputs(3, 'marker9q'));
    await pop.seed(foreignCodec, inputs(2, 'lostmarker9q'));
    server.use(...pop.handlers);
    const lines: unknown[] = [];
    const at = (...args: unknown[]) => {
      lines.push(args);
    };
    const logger = { debug: at, info: at, warn: at, error: at };

    const result = await createMigrator({ logger }).migrateAll('us');

    const seen = JSON.stringify([lines, result.failures.map((failure) => failure.error.message)]);
    expect(result.failed).toBe(2);
    expect(lines.length).toBeGreaterThan(0);
    expect(seen).not.toContain('marker9q');
  });
});

describe('migrateAll: records written unencrypted (OFF)', () => {
  it('re-encrypts every pt: body of the country', async () => {
    const off = new RecordCodec({ environmentId: ENV, encryption: 'OFF' });
    const pop = migrationPop();
    await pop.seed(off, inputs(5));
    server.use(...pop.handlers);

    const result = await createMigrator().migrateAll('us', { pageSize: 2 });

    expect(result).toMatchObject({ migrated: 5, failed: 0, complete: true });
    expect(pop.versions()).toEqual([2, 2, 2, 2, 2]);
    const current = codecOn(accessor(2));
    for (const record of pop.records.values()) {
      expect(record.body?.startsWith('2:')).toBe(true);
      expect((await current.decode(record)).body).toMatch(/^{"name":"user \d"}$/);
    }
  });
});

describe('migrateAll: refusals', () => {
  it('needs encryption LOCAL with a secret key accessor', async () => {
    const off = new RecordCodec({ environmentId: ENV, encryption: 'OFF' });

    const error = await settle(
      createMigrator({ codec: off, secretKeyAccessor: undefined }).migrateAll('us'),
    );

    expect(error).toBeInstanceOf(StorageClientError);
    expect((error as Error).message).toBe('This method is only allowed with encryption enabled');
  });

  it('checks its options before any request', async () => {
    const pop = await setup(1);
    for (const [options, message] of [
      [{ pageSize: 0 }, 'options.pageSize must be an integer from 1 to 100'],
      [{ concurrency: 17 }, 'options.concurrency must be an integer from 1 to 16'],
      [{ maxFailures: 0 }, 'options.maxFailures must be an integer ≥ 1'],
      [{ onProgress: 'log' }, 'options.onProgress must be a function'],
      [{ limit: 5 }, 'options.limit is not a migrateAll option'],
      [{ signal: 'stop' }, 'requestOptions.signal must be an AbortSignal'],
      [
        { headers: { Authorization: 'x' } },
        'requestOptions.headers.Authorization may not override a header the SDK sets',
      ],
      [
        [],
        `options must be an object with pageSize, concurrency, maxFailures, onProgress, signal or headers`,
      ],
    ] as const) {
      const error = await settle(createMigrator().migrateAll('us', options as never));
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).toBe(message);
    }
    expect(pop.finds()).toEqual([]);
  });
});
