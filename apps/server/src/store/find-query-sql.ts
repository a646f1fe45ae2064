// Builds the statement of a find: the page and the total of all matches in one round trip.
//
// Measured at 1M records (bench/find-index.ts): counting with a window (`count(*) OVER ()`) in
// the page query let the planner walk the sort column's index over the whole environment,
// expecting the LIMIT to stop it early, which a window count never does: 800 ms for a filter
// matching 1%. The count and the page are now two subqueries of one statement, each planned on
// its own: the count through the filter's index, the page through whichever index serves its
// order best. The count's row is always there, so the total survives an offset past the end.

import { conditionToSql } from './find-condition-sql.ts';
import { SORT_FIELDS } from './record-columns.ts';
import { RECORD_COLUMNS } from './record-row.ts';
import { LIVE_RECORD } from './sql-clock.ts';
import { SqlParameters } from './sql-parameters.ts';
import type { FindCondition, FindQuery, FindSort } from './types.ts';

/** A statement and its values. */
export interface SqlStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

// Without a sort, pages follow the order records were created in; record_key breaks ties so
// that consecutive pages never repeat or skip a record.
const DEFAULT_SORT: readonly FindSort[] = [{ field: 'created_at', direction: 'asc' }];

/**
 * Builds the find statement. The page's keys are sorted and cut first, and only the page's rows
 * are then read in full (with their attachments), so a filter matching many records never
 * carries their bodies through the sort.
 * @param environment The environment searched.
 * @param query The validated find.
 * @returns The statement. Its rows are the page's records, each with `total_count`; an empty
 *   page is one row whose record columns are all null.
 * @throws Error when a filter or sort field is not allowed, or a value has the wrong type.
 */
export function buildFindStatement(environment: string, query: FindQuery): SqlStatement {
  const parameters = new SqlParameters();
  const environmentParameter = parameters.add(environment);
  // Built once, used twice: both subqueries name the same placeholders.
  const where = matchingRecords(environmentParameter, query.where, parameters);
  const sort = sortColumns(query.sort.length > 0 ? query.sort : DEFAULT_SORT);
  const innerOrder = sort.map((column) => `r.${column.field} ${column.order}`);
  const outerOrder = sort.map((column) => `page.${column.alias} ${column.order}`);
  const text = `SELECT ${RECORD_COLUMNS}, total.total_count
    FROM (SELECT count(*) AS total_count FROM records r WHERE ${where}) total
    LEFT JOIN (
      SELECT r.record_key, ${sort.map((column) => `r.${column.field} AS ${column.alias}`).join(', ')}
      FROM records r
      WHERE ${where}
      ORDER BY ${[...innerOrder, 'r.record_key'].join(', ')}
      LIMIT ${parameters.add(query.limit)} OFFSET ${parameters.add(query.offset)}
    ) page ON true
    LEFT JOIN records r ON r.environment = ${environmentParameter} AND r.record_key = page.record_key
    ORDER BY ${[...outerOrder, 'page.record_key'].join(', ')}`;
  return { text, values: parameters.values };
}

function matchingRecords(
  environmentParameter: string,
  where: FindCondition,
  parameters: SqlParameters,
): string {
  const condition = conditionToSql(where, parameters);
  return `r.environment = ${environmentParameter} AND ${LIVE_RECORD} AND ${condition}`;
}

interface SortColumn {
  readonly field: string;
  readonly alias: string;
  readonly order: string;
}

// Nulls sort as the largest value: last ascending, first descending (§8.2: "sort by expires_at
// ascending places nulls last"), which is also PostgreSQL's default, written out.
function sortColumns(sort: readonly FindSort[]): SortColumn[] {
  return sort.map((criterion, index) => {
    if (!SORT_FIELDS.has(criterion.field)) {
      throw new Error(`find: ${JSON.stringify(criterion.field.slice(0, 40))} is not a sort field`);
    }
    if (criterion.direction !== 'asc' && criterion.direction !== 'desc') {
      throw new Error('find: sort direction must be asc or desc');
    }
    const order = criterion.direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST';
    return { field: criterion.field, alias: `sort_${index}`, order };
  });
}
