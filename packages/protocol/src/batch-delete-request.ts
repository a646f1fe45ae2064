import * as v from 'valibot';
import { wireObject } from './wire-issues.ts';

const KEYS_RULE = 'must be a non-empty array of non-empty strings';

/**
 * The body of `POST …/batchDelete` (protocol.md §4.6, Python only):
 * `{ filter: { record_key: [...] } }`, at least one key, each a non-empty string (the hash;
 * the raw key in SSE mode).
 */
export const BatchDeleteRequestSchema: v.GenericSchema<{ filter: { record_key: string[] } }> =
  wireObject(
    {
      filter: wireObject(
        {
          record_key: v.pipe(
            v.array(v.pipe(v.string(KEYS_RULE), v.minLength(1, KEYS_RULE)), KEYS_RULE),
            v.nonEmpty(KEYS_RULE),
          ),
        },
        'an object with record_key',
      ),
    },
    'an object with filter',
  );

/** The body of a batch delete. */
export type BatchDeleteRequest = v.InferOutput<typeof BatchDeleteRequestSchema>;
