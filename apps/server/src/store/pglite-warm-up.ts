// PGlite builds its caches of a table and its ~40 indexes (relation cache, catalog lookups) on
// the first statement that touches them, and compiles the WASM code of each path on its first
// run: a country's first write took 60-120 ms alone, and six at once, queued on the one
// connection, up to 0.7 s for the last. So before the server listens, each country runs a
// write, a read and a find once, inside a transaction that is rolled back: nothing is stored,
// and the first requests find warm caches.

import { RANGE_KEY_FIELDS, STRING_KEY_FIELDS } from './record-columns.ts';
import type { SqlClient, SqlQueryable } from './sql-client.ts';
import { createSqlCountryStore } from './sql-country-store.ts';
import type { RecordWrite } from './types.ts';

/** An environment no client can have (environment ids never hold a space). */
const WARM_UP_ENVIRONMENT = 'residency warm-up';

class RolledBack extends Error {}

/**
 * Runs the store's main statements once on a country's schema and rolls them back.
 * @param client The country's schema client.
 * @returns When done; nothing was stored.
 * @throws The driver's error when a statement fails.
 */
export async function warmUpCountry(client: SqlClient): Promise<void> {
  try {
    await client.transaction(async (transaction) => {
      const store = createSqlCountryStore(insideTransaction(transaction));
      const [written] = await store.write(WARM_UP_ENVIRONMENT, [{ record: warmUpRecord() }]);
      await store.read(WARM_UP_ENVIRONMENT, written?.record_key ?? '');
      await store.find(WARM_UP_ENVIRONMENT, {
        where: { kind: 'eq', field: 'key1', value: 'warm-up' },
        sort: [],
        limit: 10,
        offset: 0,
      });
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
}

/** A record with every key set, so the write goes through every index. */
function warmUpRecord(): RecordWrite {
  const record: Record<string, unknown> = {
    record_key: 'warm-up',
    body: 'warm-up',
    precommit_body: 'warm-up',
    version: 0,
    is_encrypted: true,
    expires_at: new Date(Date.now() + 60_000),
  };
  for (const field of STRING_KEY_FIELDS) record[field] = 'warm-up';
  for (const field of RANGE_KEY_FIELDS) record[field] = 1;
  return record as RecordWrite;
}

/** A client whose statements, transactions included, all run in one open transaction. */
function insideTransaction(transaction: SqlQueryable): SqlClient {
  return {
    query: (text, params) => transaction.query(text, params),
    transaction: (work) => work(transaction),
    close: async () => undefined,
  };
}
