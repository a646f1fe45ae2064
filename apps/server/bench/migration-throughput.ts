// Migration throughput: after a key rotation, `migrateAll` re-encrypts every record of a country
// end to end (find a page of records on an old version, decrypt, encrypt with the current
// secret, conditional batch write) against the server in its own process. The reference, in the
// same run, on the same server and records: the SDK's own `batchWrite` of those records, one
// batch in flight for `migrateAll`'s default (one page at a time), four for `concurrency: 4`.
// Each secret kind runs in a country of its own (a database of its own on PGlite).

import type { MigrateFailure, SecretKeyAccessor, Storage } from '@residency/sdk';
import type { NewClient } from '../src/index.ts';
import {
  type RotationSecrets,
  rotationSecrets,
} from '../test/integration-support/migration-fixtures.ts';
import { connectStorage } from '../test/integration-support/sdk-storage.ts';
import { measureRate } from './bench-measure.ts';
import { writeBenchRecord } from './bench-records.ts';
import { type CpuSpent, measureCpu } from './process-stats.ts';

/** Records per `batchWrite`, as a migration page (`migrateAll`'s default `pageSize`). */
const BATCH_SIZE = 100;
/** The in-flight count of the concurrent runs. */
export const MIGRATE_CONCURRENCY = 4;

/**
 * The secrets around the rotation, of one kind: the records are written with `before` and
 * migrated with `rotated`.
 */
export interface SecretKind extends RotationSecrets {
  readonly title: string;
  /** Where its records live: a country of their own. */
  readonly country: string;
}

/**
 * The two kinds the bench rotates: raw 32-byte keys (a KMS data key), and passwords (PBKDF2,
 * with the derived key reused as the SDK does by default).
 * @returns Raw keys in `de`, passwords in `us`.
 */
export function secretKinds(): SecretKind[] {
  const passwords = ['bench password one', 'bench password two'] as const;
  return [
    { title: 'raw-key secret', country: 'de', ...rotationSecrets() },
    { title: 'password secret', country: 'us', ...rotationSecrets(passwords, false) },
  ];
}

function firstFailure(failures: readonly MigrateFailure[]): string {
  const [first] = failures;
  return first === undefined ? '' : `; first: ${first.error.name}: ${first.error.message}`;
}

/** A rate and what it cost. */
export interface RunFigures {
  /** Records per second. */
  readonly rate: number;
  /** CPU milliseconds per 1000 records of this process (the SDK) and of the server. */
  readonly cpuPerThousand: Pick<CpuSpent, 'client' | 'server'>;
}

/** What one secret kind measured, at one page in flight and at `MIGRATE_CONCURRENCY`. */
export interface MigrationFigures {
  readonly title: string;
  readonly count: number;
  readonly write: readonly [RunFigures, RunFigures];
  readonly migrate: readonly [RunFigures, RunFigures];
  /** Anything a run left undone (failures, an incomplete run); empty when all went well. */
  readonly problems: readonly string[];
}

async function timed(serverPid: number, count: () => number, work: () => Promise<unknown>) {
  const started = performance.now();
  const { cpu } = await measureCpu({ server: serverPid, database: undefined }, work);
  const seconds = (performance.now() - started) / 1000;
  const records = count();
  return {
    rate: records / seconds,
    cpuPerThousand: {
      client: (cpu.client * 1000) / records,
      server: (cpu.server * 1000) / records,
    },
  };
}

function writeRun(
  storage: Storage,
  country: string,
  serverPid: number,
  label: string,
  count: number,
  concurrency: number,
) {
  const records = Array.from({ length: count }, (_, index) => writeBenchRecord(index, label));
  return timed(
    serverPid,
    () => count,
    () =>
      measureRate(count, BATCH_SIZE, concurrency, (first, size) =>
        storage.batchWrite(country, records.slice(first, first + size)).then(() => undefined),
      ),
  );
}

async function migrateRun(
  storage: Storage,
  country: string,
  serverPid: number,
  concurrency: number,
  problems: string[],
) {
  let migrated = 0;
  const figures = await timed(
    serverPid,
    () => migrated,
    async () => {
      const result = await storage.migrateAll(country, concurrency === 1 ? {} : { concurrency });
      migrated = result.migrated;
      if (!result.complete || result.failed > 0 || result.totalLeft > 0) {
        problems.push(
          `migrateAll(concurrency ${concurrency}): complete ${result.complete}, failed ${result.failed}, left ${result.totalLeft}${firstFailure(result.failures)}`,
        );
      }
    },
  );
  return figures;
}

/**
 * Measures one secret kind: writes `count` records on version 1 (one batch in flight), migrates
 * them to version 2 with `migrateAll`'s defaults; writes `count` more on version 1 (four batches
 * in flight) and migrates those with `concurrency: 4`. Warm-up records written first (the
 * country's database, the connection, the JIT) are migrated with the first run and counted.
 * @param url The server's base URL.
 * @param client The development client.
 * @param serverPid The server process, for its CPU time.
 * @param kind The secrets and country.
 * @param count Records per run.
 * @returns The rates and CPU times.
 */
export async function measureMigration(
  url: string,
  client: NewClient,
  serverPid: number,
  kind: SecretKind,
  count: number,
): Promise<MigrationFigures> {
  const connect = (secretKeyAccessor: SecretKeyAccessor) =>
    connectStorage(url, client, { secretKeyAccessor, hashSearchKeys: false });
  const writer = await connect(kind.before);
  const migrator = await connect(kind.rotated);
  const { country } = kind;
  const problems: string[] = [];
  await writeRun(writer, country, serverPid, 'warm-up', 2 * BATCH_SIZE, 1);
  const writeOne = await writeRun(writer, country, serverPid, 'first', count, 1);
  const migrateOne = await migrateRun(migrator, country, serverPid, 1, problems);
  const writeMany = await writeRun(
    writer,
    country,
    serverPid,
    'second',
    count,
    MIGRATE_CONCURRENCY,
  );
  const migrateMany = await migrateRun(migrator, country, serverPid, MIGRATE_CONCURRENCY, problems);
  return {
    title: kind.title,
    count,
    write: [writeOne, writeMany],
    migrate: [migrateOne, migrateMany],
    problems,
  };
}
