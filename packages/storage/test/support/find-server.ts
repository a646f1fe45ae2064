// An in-memory PoP find endpoint over a stored array: equality filters on top-level fields,
// multi-field sort, offset/limit paging and meta, as protocol.md §4.4 and §8 describe.

import type { ServerRecord } from '@residency/protocol';
import type { RecordingHandler } from '@residency/testing';
import { popHandler } from './storage-harness.ts';

type Row = { readonly [field: string]: unknown };
type FindBody = {
  filter: { [field: string]: unknown };
  options: { limit: number; offset: number; sort?: { [field: string]: 'asc' | 'desc' }[] };
};

function matches(row: Row, filter: FindBody['filter']): boolean {
  return Object.entries(filter).every(([field, value]) => row[field] === value);
}

function compare(left: Row, right: Row, sort: NonNullable<FindBody['options']['sort']>): number {
  for (const criterion of sort) {
    const [field, order] = Object.entries(criterion)[0] as [string, 'asc' | 'desc'];
    const a = left[field] as string | number;
    const b = right[field] as string | number;
    if (a !== b) return (a < b ? -1 : 1) * (order === 'asc' ? 1 : -1);
  }
  return 0;
}

/**
 * Serves `POST …/{country}/find` over `records` (scalar equality filters only).
 *
 * @param country The country of the path.
 * @param records The stored records, in storage order (not sorted).
 * @returns The recording handler.
 */
export function findServer(country: string, records: readonly ServerRecord[]): RecordingHandler {
  return popHandler('POST', country, '/find', ({ call }) => {
    const { filter, options } = call.body as FindBody;
    const rows = (records as readonly Row[]).filter((row) => matches(row, filter));
    const sorted = [...rows].sort((left, right) => compare(left, right, options.sort ?? []));
    const data = sorted.slice(options.offset, options.offset + options.limit);
    const meta = {
      count: data.length,
      limit: options.limit,
      offset: options.offset,
      total: rows.length,
    };
    return Response.json({ meta, data });
  });
}
