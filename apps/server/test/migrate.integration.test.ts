// Key rotation end to end: the facade SDK's `migrateAll` and `migrate` against the real server
// over real HTTP, on PGlite and on PostgreSQL. Each test has its own environment, so a
// migration sees that test's records only. "At the new version" is proved three ways: the
// server stores `version` 2, a storage holding only the new secret decrypts the record, and one
// holding only the old secret cannot.

import { hashKey } from '@residency/crypto';
import {
  type MigrateAllResult,
  type MigrateProgress,
  type RecordInput,
  SecretsValidationError,
  type Storage,
  StorageCryptoError,
  StorageNetworkError,
} from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewClient } from '../src/index.ts';
import {
  beforeFirstMigrationWrite,
  type CountryScan,
  countByVersion,
  numberedRecords,
  type RotationSecrets,
  rotationSecrets,
  scanCountry,
  unrelatedSecret,
  writeInBatches,
} from './integration-support/migration-fixtures.ts';
import { rawClient } from './integration-support/raw-http.ts';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

/** Ten thousand records: written, migrated and read back twice, on a busy 2-core machine. */
const LARGE_TEST_TIMEOUT_MS = 180_000;
/** The larger concurrent runs: a few thousand records written, migrated and read back. */
const RACE_TEST_TIMEOUT_MS = 120_000;

/** One test's environment: its client, secrets, and the storages of its actors. */
interface Rotation {
  readonly client: NewClient;
  readonly secrets: RotationSecrets;
  /** The application before the rotation: writes version 1. */
  readonly writer: Storage;
  /** The application after the rotation: current version 2, reads both. */
  readonly rotated: Storage;
}

/** Expects `scan` to hold exactly `expected`, each record decrypted at version 2, unchanged. */
function expectAllAtVersion2(scan: CountryScan, expected: readonly RecordInput[]): void {
  expect(scan.errors).toEqual([]);
  expect(scan.records.size).toBe(expected.length);
  const wrong = expected.filter((input) => {
    const record = scan.records.get(input.recordKey);
    return (
      record === undefined ||
      record.version !== 2 ||
      record.body !== input.body ||
      record.key1 !== input.key1 ||
      record.rangeKey1 !== input.rangeKey1
    );
  });
  expect(wrong.map((input) => input.recordKey)).toEqual([]);
}

/** Expects every step's `migrated` to exceed the one before by at most a page. */
function expectGrowingProgress(steps: readonly MigrateProgress[], pageSize: number): void {
  const counts = steps.map((step) => step.migrated);
  const shrinking = counts.filter(
    (count, index) => index > 0 && !(count > (counts[index - 1] as number)),
  );
  expect(shrinking).toEqual([]);
  const tooLarge = counts.filter((count, index) => count - (counts[index - 1] ?? 0) > pageSize);
  expect(tooLarge).toEqual([]);
}

describe.each(SERVER_BACKENDS)('key rotation and migration over HTTP on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  /** A new environment with its own secrets, and the application before and after rotating. */
  async function rotation(environment: string): Promise<Rotation> {
    const client = await server.addEnvironment(environment);
    const secrets = rotationSecrets();
    const connect = (secretKeyAccessor: RotationSecrets['before']) =>
      connectStorage(server.url, client, { secretKeyAccessor });
    return {
      client,
      secrets,
      writer: await connect(secrets.before),
      rotated: await connect(secrets.rotated),
    };
  }

  /** A storage of the environment holding only the given secrets. */
  const storageWith = (
    { client }: Rotation,
    secretKeyAccessor: RotationSecrets['before'],
  ): Promise<Storage> => connectStorage(server.url, client, { secretKeyAccessor });

  it(
    'rotate the secret, `migrateAll` a country of 10,000 records, then every record reads back with the new version',
    async () => {
      const setup = await rotation('rotate-large');
      const records = numberedRecords('large', 10_000);
      await writeInBatches(setup.writer, 'de', records);
      const raw = rawClient(server.url, setup.client);
      expect(await countByVersion(raw, 'de', 1)).toEqual({ at: 10_000, other: 0 });

      const steps: MigrateProgress[] = [];
      const result = await setup.rotated.migrateAll('de', {
        concurrency: 4,
        onProgress: (step) => steps.push(step),
      });

      expect(result).toEqual({
        migrated: 10_000,
        failed: 0,
        skipped: 0,
        conflicts: 0,
        totalLeft: 0,
        failures: [],
        complete: true,
      } satisfies MigrateAllResult);
      expectGrowingProgress(steps, 100);
      expect(steps.at(-1)?.migrated).toBe(10_000);
      expect(await countByVersion(raw, 'de', 2)).toEqual({ at: 10_000, other: 0 });
      // The new secret alone reads every record, unchanged; the old one alone reads none.
      expectAllAtVersion2(
        await scanCountry(await storageWith(setup, setup.secrets.retired), 'de'),
        records,
      );
      const withOldSecret = await scanCountry(await storageWith(setup, setup.secrets.before), 'de');
      expect(withOldSecret.records.size).toBe(0);
      expect(withOldSecret.errors).toHaveLength(10_000);
      expect(
        withOldSecret.errors.every(({ error }) => error instanceof SecretsValidationError),
      ).toBe(true);
    },
    LARGE_TEST_TIMEOUT_MS,
  );

  it('a country with a few records written under an unknown secret finishes with those records reported, not an endless loop', async () => {
    const setup = await rotation('unknown-secret');
    const good = numberedRecords('good', 50);
    const foreign = numberedRecords('foreign', 3);
    const unknownVersion = numberedRecords('version-7', 2);
    // Interleaved with the good ones, so failures turn up on several pages.
    const foreignWriter = await storageWith(setup, unrelatedSecret(1));
    const unknownVersionWriter = await storageWith(setup, unrelatedSecret(7));
    await writeInBatches(setup.writer, 'de', good.slice(0, 20));
    await writeInBatches(foreignWriter, 'de', foreign);
    await writeInBatches(setup.writer, 'de', good.slice(20, 40));
    await writeInBatches(unknownVersionWriter, 'de', unknownVersion);
    await writeInBatches(setup.writer, 'de', good.slice(40));
    const stored = (inputs: readonly RecordInput[]) =>
      inputs.map((input) => hashKey(input.recordKey, setup.client.environmentId)).sort();
    const expectedFailures = [
      ...stored(foreign).map((recordKey) => ({
        recordKey,
        error: StorageCryptoError.name,
        version: 1,
      })),
      ...stored(unknownVersion).map((recordKey) => ({
        recordKey,
        error: SecretsValidationError.name,
        version: 7,
      })),
    ].sort((a, b) => a.recordKey.localeCompare(b.recordKey));
    const describeFailures = (failures: MigrateAllResult['failures']) =>
      failures
        .map(({ recordKey, error, rawData }) => ({
          recordKey,
          error: error.name,
          version: rawData.version,
        }))
        .sort((a, b) => a.recordKey.localeCompare(b.recordKey));

    const result = await setup.rotated.migrateAll('de', {
      pageSize: 10,
      signal: AbortSignal.timeout(50_000),
    });

    expect(result).toMatchObject({ migrated: 50, failed: 5, totalLeft: 0, complete: true });
    expect(describeFailures(result.failures)).toEqual(expectedFailures);
    expect(await countByVersion(rawClient(server.url, setup.client), 'de', 2)).toEqual({
      at: 50,
      other: 5,
    });
    // Run again: the same five are reported, nothing else is left, and it ends again.
    const again = await setup.rotated.migrateAll('de', { signal: AbortSignal.timeout(50_000) });
    expect(again).toMatchObject({ migrated: 0, failed: 5, totalLeft: 0, complete: true });
    expect(describeFailures(again.failures)).toEqual(expectedFailures);
    // The seed's one-page `migrate` reports them as its errors.
    const page = await setup.rotated.migrate('de');
    expect(page.migrated).toBe(0);
    expect(page.totalLeft).toBe(5);
    expect(
      describeFailures(
        (page.errors ?? []).map((entry) => ({ ...entry, recordKey: entry.rawData.record_key })),
      ),
    ).toEqual(expectedFailures);
    const scan = await scanCountry(await storageWith(setup, setup.secrets.retired), 'de');
    expectAllAtVersion2({ records: scan.records, errors: [] }, good);
    expect(scan.errors.map(({ rawData }) => rawData.record_key).sort()).toEqual(
      expectedFailures.map((failure) => failure.recordKey).sort(),
    );
    // Left as they were: their writers still read them.
    for (const [writer, inputs] of [
      [foreignWriter, foreign],
      [unknownVersionWriter, unknownVersion],
    ] as const) {
      for (const input of inputs) {
        expect((await writer.read('de', input.recordKey)).record.body).toBe(input.body);
      }
    }
  });

  it(
    "a user's write racing a migration is never lost",
    async () => {
      const setup = await rotation('racing-user');
      const records = numberedRecords('race', 2_000);
      await writeInBatches(setup.writer, 'de', records);
      // A rolling deploy: instances already rotated write version 2, instances not yet rotated
      // still write version 1, putting records back behind the migration. Every tenth record,
      // spread over the whole country, is written round after round while the migration runs;
      // the last round comes from a rotated instance.
      const rotatedApp = await storageWith(setup, setup.secrets.rotated);
      const notYetRotatedApp = await storageWith(setup, setup.secrets.before);
      const ROUNDS = 5;
      const writerOfRound = (round: number) =>
        round % 2 === 1 && round < ROUNDS ? notYetRotatedApp : rotatedApp;
      const hot = records.filter((_, index) => index % 10 === 3);
      const userBody = (key: string, round: number) =>
        `{"written by":"user","round":${round},"key":"${key}"}`;
      let firstPageWritten!: () => void;
      const migrationStarted = new Promise<void>((resolve) => {
        firstPageWritten = resolve;
      });
      const userWrites = async () => {
        await migrationStarted;
        for (let round = 1; round <= ROUNDS; round++) {
          for (let start = 0; start < hot.length; start += 10) {
            const batch = hot
              .slice(start, start + 10)
              .map((input) => ({ ...input, body: userBody(input.recordKey, round) }));
            await writerOfRound(round).batchWrite('de', batch);
          }
        }
      };

      const [result] = await Promise.all([
        setup.rotated.migrateAll('de', {
          pageSize: 50,
          concurrency: 2,
          onProgress: () => firstPageWritten(),
        }),
        userWrites(),
      ]);

      // A record refused with a 412 is re-read: still on version 1, it is re-encrypted from
      // what the user wrote; already on version 2, it is skipped. (Rounds alternate, so no
      // record can change the four times in a row that would make it a failure.)
      expect(result).toMatchObject({ failed: 0, totalLeft: 0, complete: true, failures: [] });
      expect(result.skipped).toBeLessThanOrEqual(result.conflicts);
      // Every record the user never touched was migrated by this run.
      expect(result.migrated).toBeGreaterThanOrEqual(records.length - hot.length);
      // Whatever the interleaving, the user's last write is what every hot record holds.
      const expected = records.map((input) =>
        hot.includes(input) ? { ...input, body: userBody(input.recordKey, ROUNDS) } : input,
      );
      expectAllAtVersion2(
        await scanCountry(await storageWith(setup, setup.secrets.retired), 'de'),
        expected,
      );
      expect(await countByVersion(rawClient(server.url, setup.client), 'de', 2)).toEqual({
        at: 2_000,
        other: 0,
      });
    },
    RACE_TEST_TIMEOUT_MS,
  );

  it('re-reads a record written between its read and its write (412), never overwriting it', async () => {
    const setup = await rotation('conflict');
    const records = numberedRecords('conflict', 120);
    await writeInBatches(setup.writer, 'de', records);
    const byStoredKey = new Map(
      records.map((input) => [hashKey(input.recordKey, setup.client.environmentId), input]),
    );
    // Two application instances write to the first two records of migration's first batch
    // write just before it is sent: one already rotated (version 2), one not yet (version 1).
    const rotatedApp = await storageWith(setup, setup.secrets.rotated);
    const notYetRotatedApp = await storageWith(setup, setup.secrets.before);
    const touched: RecordInput[] = [];
    const fired = beforeFirstMigrationWrite(async (storedKeys) => {
      const [first, second] = storedKeys.map((key) => byStoredKey.get(key) as RecordInput);
      const atVersion2 = { ...first, body: 'written at version 2 meanwhile' };
      const atVersion1 = { ...second, body: 'written at version 1 meanwhile' };
      touched.push(atVersion2, atVersion1);
      await rotatedApp.write('de', atVersion2);
      await notYetRotatedApp.write('de', atVersion1);
    });

    const result = await setup.rotated.migrateAll('de', { pageSize: 50 });

    expect(fired()).toBe(true);
    // Both were refused with a 412 and re-read: the one at version 2 needed nothing more, the
    // other was re-encrypted from its new body.
    expect(result).toEqual({
      migrated: 119,
      failed: 0,
      skipped: 1,
      conflicts: 2,
      totalLeft: 0,
      failures: [],
      complete: true,
    } satisfies MigrateAllResult);
    const expected = records.map(
      (input) => touched.find((written) => written.recordKey === input.recordKey) ?? input,
    );
    expectAllAtVersion2(
      await scanCountry(await storageWith(setup, setup.secrets.retired), 'de'),
      expected,
    );
  });

  it(
    'two concurrent migrations end with every record at the new version',
    async () => {
      const setup = await rotation('two-runs');
      const records = numberedRecords('twice', 3_000);
      await writeInBatches(setup.writer, 'de', records);
      const other = await storageWith(setup, setup.secrets.rotated);

      const runs = await Promise.all([
        setup.rotated.migrateAll('de', { concurrency: 2 }),
        other.migrateAll('de', { concurrency: 2 }),
      ]);

      for (const run of runs) {
        expect(run).toMatchObject({ failed: 0, totalLeft: 0, failures: [], complete: true });
        // A record the other run wrote first was refused (412), re-read, found current.
        expect(run.skipped).toBeLessThanOrEqual(run.conflicts);
      }
      // The conditional write lets exactly one run write each record.
      expect(runs.reduce((sum, run) => sum + run.migrated, 0)).toBe(3_000);
      expectAllAtVersion2(
        await scanCountry(await storageWith(setup, setup.secrets.retired), 'de'),
        records,
      );
    },
    RACE_TEST_TIMEOUT_MS,
  );

  it('stops on abort after the first page and resumes where it stopped', async () => {
    const setup = await rotation('stop-resume');
    const records = numberedRecords('resume', 300);
    await writeInBatches(setup.writer, 'de', records);
    const raw = rawClient(server.url, setup.client);
    const controller = new AbortController();
    const reason = new Error('stopped by the operator');
    const steps: MigrateProgress[] = [];

    const stopped = await setup.rotated
      .migrateAll('de', {
        pageSize: 50,
        signal: controller.signal,
        onProgress: (step) => {
          steps.push(step);
          controller.abort(reason);
        },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(stopped).toBeInstanceOf(StorageNetworkError);
    expect(stopped).toMatchObject({ message: 'Migrating records was aborted', cause: reason });
    // One page at a time by default: the page written before the abort, nothing after it.
    expect(steps.map((step) => step.migrated)).toEqual([50]);
    expect(await countByVersion(raw, 'de', 2)).toEqual({ at: 50, other: 250 });

    const resumed = await setup.rotated.migrateAll('de', { pageSize: 50 });

    expect(resumed).toMatchObject({ migrated: 250, failed: 0, totalLeft: 0, complete: true });
    expect(await countByVersion(raw, 'de', 2)).toEqual({ at: 300, other: 0 });
    expectAllAtVersion2(
      await scanCountry(await storageWith(setup, setup.secrets.retired), 'de'),
      records,
    );
  });
});
