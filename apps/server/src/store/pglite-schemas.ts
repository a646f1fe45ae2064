// One PGlite database holds every country, a schema `cc_<code>` each, as the PostgreSQL
// single-URL mode does. PGlite has one connection, so `search_path` is one setting for all of
// them: each country gets a SQL client that runs its statements one at a time, in the order they
// were issued across all countries, and puts its own schema on `search_path` first when the
// previous statement was another country's. The store's SQL stays unqualified, written once for
// both backends.
//
// PGlite's own `runExclusive` holds the query mutex that `query` itself waits for (a deadlock),
// hence a queue of our own. PGlite runs one statement at a time anyway: the queue costs no
// concurrency, and `SET search_path` (0.1 ms) only runs when the country changes.

import type { SqlClient } from './sql-client.ts';
import type { ConnectionUsage } from './types.ts';

/** The SQL clients of the schemas of one database. */
export interface SchemaClients {
  /**
   * The one connection's use: busy (1 in use) while a statement of any schema runs.
   * @returns In use, idle, and the statements queued behind the running one.
   */
  usage(): ConnectionUsage;
  /**
   * The client of one schema; closing it does not close the database.
   * @param schemaName A checked identifier (`cc_de`, `spare_1`).
   * @returns The client.
   */
  client(schemaName: string): SqlClient;
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Shares one database's connection between schema clients.
 * @param database The database; its own `query` and `transaction` must not be used meanwhile
 *   (they would leave `search_path` to chance).
 * @returns The schema clients.
 * @throws Error from `client` when a schema name is not a plain lowercase identifier.
 */
export function createSchemaClients(database: SqlClient): SchemaClients {
  let queue: Promise<unknown> = Promise.resolve();
  let current: string | undefined;
  let pending = 0;
  const run = <Result>(schemaName: string, work: () => Promise<Result>): Promise<Result> => {
    pending += 1;
    const turn = queue.then(async () => {
      if (current !== schemaName) {
        // Unknown until the SET succeeds: a failed one must not leave a stale name behind.
        current = undefined;
        await database.query(`SET search_path TO ${schemaName}`);
        current = schemaName;
      }
      return work();
    });
    queue = turn.catch(() => undefined);
    const settled = (): void => {
      pending -= 1;
    };
    turn.then(settled, settled);
    return turn;
  };
  return {
    usage: () => ({
      inUse: pending > 0 ? 1 : 0,
      idle: pending > 0 ? 0 : 1,
      waiting: Math.max(pending - 1, 0),
    }),
    client(schemaName) {
      if (!IDENTIFIER.test(schemaName)) throw new Error('schema name must be an identifier');
      return {
        query: (text, params) => run(schemaName, () => database.query(text, params)),
        // Set outside the transaction: a SET inside it would be undone by its rollback.
        transaction: (work) => run(schemaName, () => database.transaction(work)),
        close: async () => undefined,
      };
    },
  };
}
