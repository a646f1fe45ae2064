// Data folders of the layout before one database, as the server up to 97f5f9e wrote them: a
// PGlite database per country in `countries/<cc>/pgdata`, tables in `public`, written through
// the store's own primitives (which that server used unchanged). The template is copied instead
// of running initdb (seconds each), and its spare schemas dropped, so the folder holds only what
// the old server made.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '../../src/files/path-exists.ts';
import { openPgliteClient } from '../../src/store/pglite-client.ts';
import {
  copyPgliteTemplate,
  DEFAULT_TEMPLATE_CACHE,
  ensurePgliteTemplate,
  SPARE_SCHEMAS,
} from '../../src/store/pglite-template.ts';
import type { SchemaMigration } from '../../src/store/schema.ts';
import { ensureSchema } from '../../src/store/schema-migrate.ts';
import type { SqlClient } from '../../src/store/sql-client.ts';
import { createSqlCountryStore } from '../../src/store/sql-country-store.ts';
import type { CountryStore } from '../../src/store/types.ts';

/** What `writeOldCountry` hands the filler. */
export interface OldCountry {
  readonly store: CountryStore;
  readonly client: SqlClient;
}

/**
 * Creates (or reopens) a country database of the old layout and lets `fill` write to it.
 * @param dataDir The data folder.
 * @param code The country.
 * @param fill Writes through the old country's store.
 * @param migrations The schema history to apply (version 1 only for the oldest folders).
 * @returns What `fill` returned, after the database is closed.
 */
export async function writeOldCountry<Result>(
  dataDir: string,
  code: string,
  fill: (country: OldCountry) => Promise<Result>,
  migrations?: readonly SchemaMigration[],
): Promise<Result> {
  const pgdata = join(dataDir, 'countries', code, 'pgdata');
  const client = await openOldCountry(pgdata);
  try {
    await ensureSchema(client, { migrations });
    return await fill({ store: createSqlCountryStore(client), client });
  } finally {
    await client.close();
  }
}

async function openOldCountry(pgdata: string): Promise<SqlClient> {
  if (await pathExists(join(pgdata, 'PG_VERSION'))) return openPgliteClient(pgdata);
  const template = await ensurePgliteTemplate(DEFAULT_TEMPLATE_CACHE, () => undefined);
  await mkdir(join(pgdata, '..'), { recursive: true });
  await copyPgliteTemplate(template, pgdata);
  const client = await openPgliteClient(pgdata);
  for (let index = 1; index <= SPARE_SCHEMAS; index++) {
    await client.query(`DROP SCHEMA spare_${index} CASCADE`);
  }
  return client;
}
