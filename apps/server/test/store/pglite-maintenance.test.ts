import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteClient } from '../../src/store/pglite-client.ts';
import { withMaintenance } from '../../src/store/pglite-maintenance.ts';
import { createSchemaClients } from '../../src/store/pglite-schemas.ts';
import { ensureSchema } from '../../src/store/schema-migrate.ts';
import type { SqlClient } from '../../src/store/sql-client.ts';
import { createSqlCountryStore } from '../../src/store/sql-country-store.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';
import { BACKEND_TIMEOUT_MS, TEST_TIMEOUT_MS } from '../support/store-backends.ts';

describe('PGlite maintenance', { timeout: TEST_TIMEOUT_MS }, () => {
  let client: SqlClient;

  beforeAll(async () => {
    client = await openPgliteClient('memory://');
    await ensureSchema(client);
  }, BACKEND_TIMEOUT_MS);

  afterAll(() => client?.close());

  async function analyzedRows(): Promise<number> {
    const result = await client.query<{ rows: number }>(
      "SELECT reltuples::int AS rows FROM pg_class WHERE oid = 'records'::regclass",
    );
    return result.rows[0]?.rows ?? Number.NaN;
  }

  it('vacuums and analyzes once enough rows changed, as autovacuum would', async () => {
    const { store, settle } = withMaintenance(createSqlCountryStore(client), client, {
      baseRows: 5,
      scale: 0.5,
    });
    const environment = newEnvironment();
    // Never analyzed: PostgreSQL knows nothing of the table's size.
    expect(await analyzedRows()).toBe(-1);
    await store.write(
      environment,
      ['a', 'b', 'c', 'd'].map((key) => ({ record: makeRecord(key) })),
    );
    await settle();
    expect(await analyzedRows()).toBe(-1);
    await store.write(environment, [{ record: makeRecord('e') }, { record: makeRecord('f') }]);
    await settle();
    expect(await analyzedRows()).toBe(6);
    // The next run waits for 5 + 0.5 × 6 = 8 changed rows.
    expect(await store.deleteMany(environment, ['a', 'b', 'c', 'd', 'e', 'f', 'x'])).toBe(6);
    await settle();
    expect(await analyzedRows()).toBe(6);
    await store.write(
      environment,
      ['g', 'h'].map((key) => ({ record: makeRecord(key) })),
    );
    await settle();
    expect(await analyzedRows()).toBe(2);
    expect(await store.read(environment, 'g')).not.toBeNull();
  });

  it('maintains one country schema of a shared database, and only that one', async () => {
    const shared = await openPgliteClient('memory://');
    try {
      const schemas = createSchemaClients(shared);
      const [de, fr] = ['cc_de', 'cc_fr'].map((schemaName) => schemas.client(schemaName));
      if (de === undefined || fr === undefined) throw new Error('no schema clients');
      await ensureSchema(de, { schemaName: 'cc_de' });
      await ensureSchema(fr, { schemaName: 'cc_fr' });
      const { store, settle } = withMaintenance(createSqlCountryStore(de), de, {
        baseRows: 3,
        scale: 0,
      });
      const environment = newEnvironment();
      await createSqlCountryStore(fr).write(environment, [{ record: makeRecord('f') }]);
      await store.write(
        environment,
        ['a', 'b', 'c', 'd'].map((key) => ({ record: makeRecord(key) })),
      );
      await settle();
      const analyzed = await shared.query<{ name: string; rows: number }>(
        `SELECT n.nspname AS name, c.reltuples::int AS rows FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relname = 'records' AND n.nspname IN ('cc_de', 'cc_fr') ORDER BY 1`,
      );
      expect(analyzed.rows).toEqual([
        { name: 'cc_de', rows: 4 },
        { name: 'cc_fr', rows: -1 },
      ]);
    } finally {
      await shared.close();
    }
  });
});
