// The two backends the server bench runs on: PGlite in a temporary data folder, and PostgreSQL 15
// in a cluster of its own, durable (fsync on) as production runs it, with a schema per country
// as `--postgres-url` gives. Before the server starts, the bench opens the database the server
// will use for `de` — schema `cc_de` of PGlite's `<data>/pglite/pgdata` (pglite-database.ts) or
// of PostgreSQL — to load the bulk and measure the references through the same SQL store.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CountryStore } from '../src/store/index.ts';
import { openDataFolderDatabase } from '../src/store/pglite-database.ts';
import { DEFAULT_TEMPLATE_CACHE } from '../src/store/pglite-template.ts';
import { createPostgresClient } from '../src/store/postgres-client.ts';
import { ensureSchema } from '../src/store/schema-migrate.ts';
import type { SqlClient } from '../src/store/sql-client.ts';
import { createSqlCountryStore } from '../src/store/sql-country-store.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { findProcess } from './process-stats.ts';

/** A backend's name, as the bench's flags and output spell it. */
export type BackendName = 'pglite' | 'postgres';

/** An opened backend. */
export interface BenchBackend {
  readonly title: string;
  /** The server's data folder (keys, environments, and PGlite's databases). */
  readonly dataDir: string;
  /** The flags selecting this backend for `residency-server`. */
  readonly serverFlags: readonly string[];
  /**
   * Opens the database of country `de` in this process, schema in place; close it before the
   * server starts (PGlite: one process per database).
   */
  openCountry(): Promise<CountryDatabase>;
  /** The PostgreSQL cluster's postmaster, to count its CPU time; undefined for PGlite. */
  databasePid(): Promise<number | undefined>;
  /** Stops what the backend started and removes its folders. */
  close(): Promise<void>;
}

/** A country's database opened by the bench: SQL, and the server's store over it. */
export interface CountryDatabase {
  readonly client: SqlClient;
  readonly store: CountryStore;
}

async function withStore(client: SqlClient, schemaName?: string): Promise<CountryDatabase> {
  await ensureSchema(client, schemaName === undefined ? {} : { schemaName });
  return { client, store: createSqlCountryStore(client) };
}

function pgliteBackend(dataDir: string): BenchBackend {
  return {
    title: 'PGlite (one database in the data folder, a schema per country)',
    dataDir,
    serverFlags: [],
    openCountry: async () => {
      const opened = await openDataFolderDatabase({
        dataDir,
        templateCache: DEFAULT_TEMPLATE_CACHE,
        log: (line) => console.log(`    (${line})`),
      });
      // Closing the bench's client closes the database and frees the folder for the server.
      const client = { ...opened.schemas.client('cc_de'), close: () => opened.close() };
      return withStore(client, 'cc_de');
    },
    databasePid: async () => undefined,
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function postgresBackend(dataDir: string): Promise<BenchBackend> {
  const cluster = await startPostgres({
    durable: true,
    settings: ['shared_buffers=1GB', 'max_wal_size=4GB'],
  });
  await cluster.createDatabase('bench');
  const url = cluster.url('bench');
  return {
    title: 'PostgreSQL 15 (own cluster, fsync on, a schema per country)',
    dataDir,
    serverFlags: ['--postgres-url', url],
    openCountry: () =>
      withStore(
        createPostgresClient({ connectionString: url, poolSize: 4, searchPath: 'cc_de' }),
        'cc_de',
      ),
    databasePid: () => {
      const port = new URL(url).port;
      return findProcess(
        (args) => (args[0] ?? '').endsWith('/bin/postgres') && args.includes(port),
      );
    },
    close: async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a backend for the bench.
 * @param name `pglite` or `postgres`.
 * @returns The backend.
 */
export async function openBenchBackend(name: BackendName): Promise<BenchBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-server-bench-'));
  return name === 'pglite' ? pgliteBackend(dataDir) : postgresBackend(dataDir);
}
