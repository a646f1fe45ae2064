// PostgreSQL stores open every country at creation: a country whose database cannot be reached
// or set up fails the start with one line naming the country, never the URL or its password.

import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStores } from '../../src/store/index.ts';
import { BACKEND_TIMEOUT_MS, TEST_TIMEOUT_MS } from '../support/store-backends.ts';
import { createTestDatabase, stopOwnPostgres, testPostgres } from '../support/test-postgres.ts';

const PASSWORD = 'pw-Zq81%2Fsecret';

function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.username = parsed.username || 'postgres';
  parsed.password = PASSWORD;
  return parsed.toString();
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('expected a refusal');
  return error;
}

function expectOneLineWithoutSecrets(error: Error, url: string): void {
  expect(error.message).not.toContain('\n');
  expect(error.message).not.toContain(PASSWORD);
  expect(error.message).not.toContain(decodeURIComponent(PASSWORD));
  expect(error.message).not.toContain(url);
}

describe('PostgreSQL stores at start', { timeout: TEST_TIMEOUT_MS }, () => {
  afterAll(() => stopOwnPostgres(), BACKEND_TIMEOUT_MS);

  it('names the country whose server cannot be reached', async () => {
    const postgres = await testPostgres();
    const good = await createTestDatabase(postgres, 'reach');
    const unreachable = `postgres://someone:${PASSWORD}@127.0.0.1:1/residency`;
    const error = await refusal(
      createPostgresStores({ urls: { de: good, fr: unreachable }, countries: ['de', 'fr'] }),
    );
    expect(error.message).toMatch(/^cannot open the PostgreSQL database of country fr: .+/);
    expect(error.message).toContain('ECONNREFUSED');
    expectOneLineWithoutSecrets(error, unreachable);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('names the country whose database does not exist, in one-URL mode too', async () => {
    const postgres = await testPostgres();
    const base = new URL(await createTestDatabase(postgres, 'exists'));
    base.pathname = '/no_such_database';
    const missing = withPassword(base.toString());
    const error = await refusal(createPostgresStores({ url: missing, countries: ['us'] }));
    expect(error.message).toMatch(
      /^cannot open the PostgreSQL database of country us: database "no_such_database" does not exist$/,
    );
    expectOneLineWithoutSecrets(error, missing);
  });

  it('names a served country that has no URL', async () => {
    const postgres = await testPostgres();
    const good = await createTestDatabase(postgres, 'listed');
    await expect(
      createPostgresStores({ urls: { de: good }, countries: ['de', 'gb'] }),
    ).rejects.toThrow('no PostgreSQL URL is configured for country gb');
  });

  it('opens every listed country before it resolves', async () => {
    const postgres = await testPostgres();
    const url = await createTestDatabase(postgres, 'eager');
    const stores = await createPostgresStores({ url, countries: ['de', 'fr'] });
    expect(stores.countries).toEqual(['de', 'fr']);
    const { Client } = await import('pg');
    const client = new Client({ connectionString: url });
    await client.connect();
    const tables = await client.query(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'records' ORDER BY 1",
    );
    await client.end();
    await stores.close();
    expect(tables.rows.map(({ table_schema }) => table_schema)).toEqual(['cc_de', 'cc_fr']);
  });
});
