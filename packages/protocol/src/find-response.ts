import * as v from 'valibot';
import { type ServerRecord, ServerRecordSchema } from './server-record.ts';
import { wireObject } from './wire-issues.ts';
import { count } from './wire-values.ts';

type FindMetaShape = { count: number; limit: number; offset: number; total: number };

/**
 * The answer to a find request (protocol.md §4.4): `meta` with `count` (records in `data`),
 * `limit` and `offset` (echoed) and `total` (matches ignoring limit and offset), each an
 * integer ≥ 0; `data` an array of `ServerRecordSchema` records.
 */
export const FindResponseSchema: v.GenericSchema<{ meta: FindMetaShape; data: ServerRecord[] }> =
  wireObject(
    {
      meta: wireObject(
        { count: count(), limit: count(), offset: count(), total: count() },
        'an object with count, limit, offset and total',
      ),
      data: v.array(ServerRecordSchema, 'must be an array of records'),
    },
    'an object with meta and data',
  );

/** The answer to a find request. */
export type FindResponse = v.InferOutput<typeof FindResponseSchema>;
