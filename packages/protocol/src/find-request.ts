import * as v from 'valibot';
import { isPlainObject } from './plain-object.ts';
import { SORT_FIELDS, type SortField } from './wire-fields.ts';
import { wireObject } from './wire-issues.ts';

/** The largest `limit` of a find request (protocol.md §8.1). */
export const MAX_FIND_LIMIT = 100;

/** A sort direction. */
export type SortDirection = 'asc' | 'desc';

/** One sort criterion: a single sort field and its direction, e.g. `{ key1: 'asc' }`. */
export type FindRequestSortItem = { readonly [field in SortField]?: SortDirection };

/** A find filter at the wire level: an object of field (or `$or`, `search_keys`) conditions. */
export type FindRequestFilter = { [field: string]: unknown };

type FindOptionsInput = {
  limit?: number | undefined;
  offset?: number | undefined;
  sort?: FindRequestSortItem[] | undefined;
};
type FindOptionsOutput = {
  limit: number;
  offset: number;
  sort?: FindRequestSortItem[] | undefined;
};
type FindRequestInput = { filter: FindRequestFilter; options?: FindOptionsInput | undefined };
type FindRequestOutput = { filter: FindRequestFilter; options: FindOptionsOutput };

const LIMIT_RULE = `must be an integer from 1 to ${MAX_FIND_LIMIT}`;
const OFFSET_RULE = 'must be an integer ≥ 0';
const SORT_RULE = 'must be a non-empty array of { field: "asc" | "desc" } objects';
const SORT_ITEM_RULE = 'must be an object with exactly one sort field';
const SORT_FIELD_RULE = `must be one of ${SORT_FIELDS.join(', ')}`;
const DIRECTION_RULE = 'must be "asc" or "desc"';
const FILTER_RULE = 'must be an object';

const SortItemSchema = v.pipe(
  v.record(
    v.picklist(SORT_FIELDS, SORT_FIELD_RULE),
    v.picklist(['asc', 'desc'], DIRECTION_RULE),
    SORT_ITEM_RULE,
  ),
  v.check((item) => Object.keys(item).length === 1, SORT_ITEM_RULE),
);

const SortSchema = v.pipe(
  v.array(SortItemSchema, SORT_RULE),
  v.nonEmpty(SORT_RULE),
  // Python refuses a field sorted twice; the order of the first criterion would be ambiguous.
  v.check((items) => {
    const fields = items.flatMap((item) => Object.keys(item));
    return new Set(fields).size === fields.length;
  }, 'must not sort on one field twice'),
);

const FindOptionsSchema = wireObject(
  {
    limit: v.optional(
      v.pipe(
        v.number(LIMIT_RULE),
        v.integer(LIMIT_RULE),
        v.minValue(1, LIMIT_RULE),
        v.maxValue(MAX_FIND_LIMIT, LIMIT_RULE),
      ),
      MAX_FIND_LIMIT,
    ),
    offset: v.optional(
      v.pipe(v.number(OFFSET_RULE), v.safeInteger(OFFSET_RULE), v.minValue(0, OFFSET_RULE)),
      0,
    ),
    sort: v.optional(SortSchema),
  },
  'an object with limit and offset',
);

/**
 * The body of `POST …/find` (protocol.md §4.4, §8.1): `filter` an object (its grammar, §8.2,
 * is checked by the filter layer, not here); `options.limit` an integer 1…100 (default 100),
 * `options.offset` an integer ≥ 0 (default 0), `options.sort` a non-empty array of
 * single-field `{ field: 'asc' | 'desc' }` objects over `key1..20`, `range_key1..10`,
 * `created_at`, `updated_at`, `expires_at`, no field twice. Both SDKs always send `options`;
 * when absent it defaults to `{ limit: 100, offset: 0 }`.
 */
export const FindRequestSchema: v.GenericSchema<FindRequestInput, FindRequestOutput> = wireObject(
  {
    filter: v.custom<FindRequestFilter>(isPlainObject, FILTER_RULE),
    options: v.optional(FindOptionsSchema, {}),
  },
  'an object with filter and options',
);

/** The body of a find request, with the option defaults applied. */
export type FindRequest = v.InferOutput<typeof FindRequestSchema>;
