import { buildFindStatement } from './find-query-sql.ts';
import { toStoredRecord } from './record-row.ts';
import type { SqlQueryable } from './sql-client.ts';
import type { FindPage, FindQuery } from './types.ts';

/**
 * Finds a page of an environment's unexpired records and the number of all matches, in one
 * round trip.
 * @param client The database.
 * @param environment The environment searched; other environments' records never match.
 * @param query The validated find.
 * @returns The page and the total.
 * @throws Error when a filter or sort field is not allowed, or a value has the wrong type.
 */
export async function findRecords(
  client: SqlQueryable,
  environment: string,
  query: FindQuery,
): Promise<FindPage> {
  const statement = buildFindStatement(environment, query);
  const result = await client.query(statement.text, statement.values);
  const total = Number(result.rows[0]?.total_count ?? 0);
  // An empty page is the count's row alone, its record columns null.
  const rows = result.rows.filter((row) => row.record_key !== null);
  return { records: rows.map(toStoredRecord), total };
}
