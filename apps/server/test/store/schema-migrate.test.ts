import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresClient } from '../../src/store/postgres-client.ts';
import { SCHEMA_MIGRATIONS } from '../../src/store/schema.ts';
import { ensureSchema } from '../../src/store/schema-migrate.ts';
import type { SqlClient } from '../../src/store/sql-client.ts';
import { BACKEND_TIMEOUT_MS, TEST_TIMEOUT_MS } from '../support/store-backends.ts';
import { createTestDatabase, stopOwnPostgres, testPostgres } from '../support/test-postgres.ts';

const LATEST = SCHEMA_MIGRATIONS.at(-1)?.version ?? 0;

describe('schema on PostgreSQL', { timeout: TEST_TIMEOUT_MS }, () => {
  const clients: SqlClient[] = [];

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await stopOwnPostgres();
  }, BACKEND_TIMEOUT_MS);

  async function newDatabase(): Promise<string> {
    return createTestDatabase(await testPostgres(), 'schema');
  }

  function open(url: string, searchPath?: string): SqlClient {
    const client = createPostgresClient({ connectionString: url, poolSize: 2, searchPath });
    clients.push(client);
    return client;
  }

  async function tables(client: SqlClient): Promise<string[]> {
    const result = await client.query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY name`,
    );
    return result.rows.map((row) => row.name);
  }

  it(
    'is created once when several servers start at once, and is a no-op afterwards',
    async () => {
      const url = await newDatabase();
      const servers = [1, 2, 3, 4].map(() => open(url));
      const versions = await Promise.all(servers.map((server) => ensureSchema(server)));
      expect(versions).toEqual([LATEST, LATEST, LATEST, LATEST]);
      const client = open(url);
      expect(await ensureSchema(client)).toBe(LATEST);
      expect(await tables(client)).toEqual([
        'public.attachment_chunks',
        'public.attachments',
        'public.audit_log',
        'public.records',
        'public.schema_version',
      ]);
      const applied = await client.query('SELECT version FROM schema_version ORDER BY version');
      expect(applied.rows).toEqual(SCHEMA_MIGRATIONS.map(({ version }) => ({ version })));
    },
    BACKEND_TIMEOUT_MS,
  );

  it(
    'creates a schema per country, concurrently too',
    async () => {
      const url = await newDatabase();
      const servers = ['cc_de', 'cc_de', 'cc_fr', 'cc_fr'].map((schemaName) => ({
        schemaName,
        client: open(url, schemaName),
      }));
      await Promise.all(
        servers.map(({ client, schemaName }) => ensureSchema(client, { schemaName })),
      );
      const names = await tables(open(url));
      expect(names.filter((name) => name.endsWith('.records'))).toEqual([
        'cc_de.records',
        'cc_fr.records',
      ]);
      await expect(ensureSchema(open(url), { schemaName: 'de; DROP' })).rejects.toThrow(
        /schema name/,
      );
    },
    BACKEND_TIMEOUT_MS,
  );

  it(
    'applies newer migrations once, and refuses a database newer than the code',
    async () => {
      const server = open(await newDatabase());
      await ensureSchema(server);
      const next = {
        version: LATEST + 1,
        statements: ['ALTER TABLE records ADD COLUMN note text'],
      };
      const upgraded = [...SCHEMA_MIGRATIONS, next];
      expect(await ensureSchema(server, { migrations: upgraded })).toBe(LATEST + 1);
      expect(await ensureSchema(server, { migrations: upgraded })).toBe(LATEST + 1);
      await expect(ensureSchema(server)).rejects.toThrow(/newer than this server/);
    },
    BACKEND_TIMEOUT_MS,
  );

  it(
    "upgrades a country schema of version 1 with its records: a key plus a range_key1 range uses the key's index",
    async () => {
      const url = await newDatabase();
      const client = open(url, 'cc_de');
      const first = SCHEMA_MIGRATIONS.filter(({ version }) => version === 1);
      expect(await ensureSchema(client, { schemaName: 'cc_de', migrations: first })).toBe(1);
      await client.query(
        `INSERT INTO records (environment, record_key, key1, range_key1, created_at, updated_at)
         VALUES ('env', 'k1', 'berlin', 7, now(), now())`,
      );

      expect(await ensureSchema(client, { schemaName: 'cc_de' })).toBe(LATEST);

      const indexes = await client.query<{ indexname: string; indexdef: string }>(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'cc_de' AND indexname IN ('records_key1', 'records_key1_range')",
      );
      expect(indexes.rows.map((row) => row.indexname)).toEqual(['records_key1_range']);
      expect(indexes.rows[0]?.indexdef).toContain('(environment, key1, range_key1)');
      const found = await client.query(
        "SELECT record_key FROM records WHERE environment = 'env' AND key1 = 'berlin' AND range_key1 >= 5 AND range_key1 < 9",
      );
      expect(found.rows).toEqual([{ record_key: 'k1' }]);
      const plan = await client.transaction(async (transaction) => {
        await transaction.query('SET LOCAL enable_seqscan = off');
        const explained = await transaction.query<{ 'QUERY PLAN': string }>(
          "EXPLAIN SELECT record_key FROM records WHERE environment = 'env' AND key1 = 'berlin' AND range_key1 >= 5 AND range_key1 < 9",
        );
        return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('records_key1_range');
      expect(plan).toMatch(/Index Cond: .*range_key1 >= 5/);
    },
    BACKEND_TIMEOUT_MS,
  );
});
