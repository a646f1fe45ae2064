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
});
