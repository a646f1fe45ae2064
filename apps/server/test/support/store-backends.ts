// The real backends every store test runs against, for `describe.each(STORE_BACKENDS)`:
// PGlite in a temp folder, PostgreSQL with a database per country, and PostgreSQL with a schema
// per country in one database.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPgliteStores,
  createPostgresStores,
  type StoreProvider,
} from '../../src/store/index.ts';
import { createTestDatabase, stopOwnPostgres, testPostgres } from './test-postgres.ts';

/** The two countries each backend serves in tests. */
export const TEST_COUNTRIES: readonly ['de', 'fr'] = ['de', 'fr'];

/** An opened backend. */
export interface OpenedBackend {
  readonly stores: StoreProvider;
  close(): Promise<void>;
}

/** A backend under test. */
export interface StoreBackend {
  readonly name: string;
  open(): Promise<OpenedBackend>;
}

/** Opening a backend opens every country (and PGlite may build its template once), in ms. */
export const BACKEND_TIMEOUT_MS = 120_000;

/** A test's time limit: generous, the machine is shared with other suites, in ms. */
export const TEST_TIMEOUT_MS = 60_000;

async function openPglite(): Promise<OpenedBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-store-'));
  const stores = await createPgliteStores({ dataDir, countries: TEST_COUNTRIES });
  return {
    stores,
    close: async () => {
      await stores.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function openPostgresPerDatabase(): Promise<OpenedBackend> {
  const postgres = await testPostgres();
  const urls: Record<string, string> = {};
  for (const country of TEST_COUNTRIES) urls[country] = await createTestDatabase(postgres, country);
  const stores = await createPostgresStores({ urls, countries: TEST_COUNTRIES, poolSize: 4 });
  return { stores, close: () => closeAll(stores) };
}

async function openPostgresPerSchema(): Promise<OpenedBackend> {
  const postgres = await testPostgres();
  const url = await createTestDatabase(postgres, 'schemas');
  const stores = await createPostgresStores({ url, countries: TEST_COUNTRIES, poolSize: 4 });
  return { stores, close: () => closeAll(stores) };
}

async function closeAll(stores: StoreProvider): Promise<void> {
  await stores.close();
  await stopOwnPostgres();
}

/** Every backend, named for the test titles. */
export const STORE_BACKENDS: readonly StoreBackend[] = [
  { name: 'PGlite', open: openPglite },
  { name: 'PostgreSQL (database per country)', open: openPostgresPerDatabase },
  { name: 'PostgreSQL (schema per country)', open: openPostgresPerSchema },
];
