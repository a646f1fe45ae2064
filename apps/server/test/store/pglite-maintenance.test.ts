import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteClient } from '../../src/store/pglite-client.ts';
import { withMaintenance } from '../../src/store/pglite-maintenance.ts';
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
});
