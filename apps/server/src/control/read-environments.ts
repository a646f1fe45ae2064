// Reads environments and their clients from the control schema into the shape the file has,
// in the order they were created.

import type { Environment, EnvironmentClient } from '../environments/environment-file.ts';
import type { SqlQueryable } from '../store/sql-client.ts';
import { CONTROL_SCHEMA } from './control-schema.ts';

interface EnvironmentRow {
  id: string;
  plain_search_keys: boolean;
  created_at: Date;
  client_id: string | null;
  secret_hash: string | null;
  generation: number | null;
  client_created_at: Date | null;
}

/**
 * Reads the environments, or one of them.
 * @param queryable The control database or an open transaction.
 * @param id Only this environment, when given.
 * @param lock `FOR UPDATE` to lock the rows read (inside a transaction).
 * @returns The environments with their clients, oldest first.
 * @throws The driver's error when the query fails.
 */
export async function readEnvironments(
  queryable: SqlQueryable,
  id?: string,
  lock?: 'FOR UPDATE',
): Promise<Environment[]> {
  const { rows } = await queryable.query<EnvironmentRow>(
    `SELECT e.id, e.plain_search_keys, e.created_at, c.id AS client_id, c.secret_hash,
        c.generation, c.created_at AS client_created_at
      FROM ${CONTROL_SCHEMA}.environments e
      LEFT JOIN ${CONTROL_SCHEMA}.clients c ON c.environment_id = e.id
      ${id === undefined ? '' : 'WHERE e.id = $1'}
      ORDER BY e.created_at, e.id, c.created_at, c.id
      ${lock === undefined ? '' : `${lock} OF e`}`,
    id === undefined ? [] : [id],
  );
  const environments = new Map<
    string,
    { environment: Environment; clients: EnvironmentClient[] }
  >();
  for (const row of rows) {
    let entry = environments.get(row.id);
    if (entry === undefined) {
      const clients: EnvironmentClient[] = [];
      entry = {
        environment: {
          id: row.id,
          plainSearchKeys: row.plain_search_keys,
          createdAt: row.created_at.toISOString(),
          clients,
        },
        clients,
      };
      environments.set(row.id, entry);
    }
    if (row.client_id !== null) entry.clients.push(clientOf(row));
  }
  return [...environments.values()].map(({ environment }) => environment);
}

function clientOf(row: EnvironmentRow): EnvironmentClient {
  return {
    id: row.client_id as string,
    secretHash: row.secret_hash as string,
    generation: row.generation as number,
    createdAt: (row.client_created_at as Date).toISOString(),
  };
}
