import { isPlainObject, MAX_FIND_LIMIT } from '@residency/protocol';
import * as v from 'valibot';
import { type InputContext, requirePlainSearchKeys } from './input-context.ts';
import { camelFieldOf, SEARCH_KEY_FIELDS, SORT_FIELDS } from './input-fields.ts';
import { inputError, joinPath, parseInput, strictObjectMessage } from './input-issues.ts';
import type { RangeKeyName, SearchKeyName } from './record.ts';
import { toSnakeCase } from './record-fields.ts';

/** The sort directions of `find` (protocol.md §8.1; Python `SortOrder`). */
export const SortOrder: { readonly ASC: 'asc'; readonly DESC: 'desc' } = Object.freeze({
  ASC: 'asc',
  DESC: 'desc',
});

/** A sort direction: `'asc'` or `'desc'`. */
export type SortOrder = (typeof SortOrder)[keyof typeof SortOrder];

/** A field `find` can sort by, camelCase (protocol.md §8.1). */
export type SortField = SearchKeyName | RangeKeyName | 'createdAt' | 'updatedAt' | 'expiresAt';

/** One sort criterion: a single field and its direction, e.g. `{ rangeKey1: 'desc' }`. */
export type SortCriterion = { readonly [K in SortField]?: SortOrder };

/** The paging and sorting options of `find`. */
export interface FindOptionsInput {
  /** How many records to return, 1..100; 100 when omitted. */
  readonly limit?: number | undefined;
  /** How many matching records to skip, ≥ 0; 0 when omitted. */
  readonly offset?: number | undefined;
  /**
   * Sort criteria, applied in order; non-empty, each field at most once. `key1`..`key20` need
   * `hashSearchKeys: false` (or SSE).
   */
  readonly sort?: readonly SortCriterion[] | undefined;
}

/** The `options` of a find request as sent (protocol.md §4.4, §8.1), field names snake_case. */
export interface WireFindOptions {
  readonly limit: number;
  readonly offset: number;
  /** Snake_case single-field criteria; omitted when the caller gave no sort. */
  readonly sort?: Record<string, SortOrder>[];
}

/** What `find` sends when the caller leaves `limit` and `offset` out. */
export const DEFAULT_FIND_OPTIONS: Readonly<{ limit: number; offset: number }> = Object.freeze({
  limit: MAX_FIND_LIMIT,
  offset: 0,
});

const LIMIT_RULE = `must be an integer from 1 to ${MAX_FIND_LIMIT}`;
const OFFSET_RULE = 'must be an integer of at least 0';
const SORT_RULE = 'must be a non-empty list of { field: "asc" | "desc" } objects';

function unknownOptionRule(): string {
  return 'is not a find option (expected limit, offset or sort)';
}

const FIND_OPTIONS_SHAPE = 'an object with limit, offset or sort';

const FindOptionsSchema = v.pipe(
  // valibot's object schemas take lists and class instances too.
  v.custom<Record<string, unknown>>(isPlainObject, `must be ${FIND_OPTIONS_SHAPE}`),
  v.strictObject(
    {
      limit: v.optional(
        v.pipe(
          v.number(LIMIT_RULE),
          v.safeInteger(LIMIT_RULE),
          v.minValue(1, LIMIT_RULE),
          v.maxValue(MAX_FIND_LIMIT, `must be at most ${MAX_FIND_LIMIT}: use offset to paginate`),
        ),
        MAX_FIND_LIMIT,
      ),
      offset: v.optional(
        v.pipe(v.number(OFFSET_RULE), v.safeInteger(OFFSET_RULE), v.minValue(0, OFFSET_RULE)),
        0,
      ),
      sort: v.optional(v.pipe(v.array(v.unknown(), SORT_RULE), v.minLength(1, SORT_RULE))),
    },
    strictObjectMessage(FIND_OPTIONS_SHAPE, unknownOptionRule),
  ),
);

/** What checking one criterion needs besides the criterion. */
interface CriterionContext {
  /** The fields sorted by so far. */
  readonly seen: Set<string>;
  /** The storage's settings; without them the server decides on `key*` sorts. */
  readonly input: InputContext | undefined;
}

function buildCriterion(
  item: unknown,
  path: string,
  context: CriterionContext,
): Record<string, SortOrder> {
  const keys = isPlainObject(item) ? Object.keys(item) : [];
  const field = keys[0];
  if (!isPlainObject(item) || field === undefined || keys.length !== 1) {
    throw inputError(path, 'must be an object with exactly one field, e.g. { createdAt: "desc" }');
  }
  const fieldPath = joinPath(path, field);
  if (!SORT_FIELDS.includes(field)) {
    const hint = camelFieldOf(field, SORT_FIELDS);
    const rule =
      'is not a sort field (key1..key20, rangeKey1..rangeKey10, createdAt, updatedAt, expiresAt)';
    throw inputError(fieldPath, hint === undefined ? rule : `${rule}; use ${hint}`);
  }
  const order = item[field];
  if (order !== SortOrder.ASC && order !== SortOrder.DESC) {
    throw inputError(fieldPath, 'must be "asc" or "desc"');
  }
  if (context.seen.has(field)) throw inputError(fieldPath, 'is sorted by more than once');
  context.seen.add(field);
  if (context.input !== undefined && SEARCH_KEY_FIELDS.includes(field)) {
    requirePlainSearchKeys(context.input, fieldPath, 'sort');
  }
  return { [toSnakeCase(field)]: order };
}

/**
 * Validates `find`'s paging and sorting options and builds the request's `options` (protocol.md
 * §8.1): `limit` an integer 1..100 (default 100), `offset` an integer ≥ 0 (default 0), `sort` a
 * non-empty list of single-field objects `{ field: 'asc' | 'desc' }` over `key1`..`key20`,
 * `rangeKey1`..`rangeKey10`, `createdAt`, `updatedAt`, `expiresAt`, each field at most once,
 * renamed to snake_case. Unknown options are rejected. Given the storage's settings, a sort on
 * `key1`..`key20` needs plain search keys (`hashSearchKeys: false`, or SSE): on hashed ones it
 * would order the hashes.
 *
 * @param options The caller's options; `undefined` for the defaults.
 * @param path The argument's name in error messages; `options` unless told.
 * @param context The storage's mode and `hashSearchKeys`; without it any sort field passes.
 * @returns `{ limit, offset }` plus `sort` when one was given.
 * @throws {InputValidationError} An option breaks a rule, or `sort` names `key1`..`key20` while
 *   `context` hashes them; `path` names it (`options.limit`, `options.sort.1`,
 *   `options.sort.0.rangeKey1`).
 * @example
 * ```ts
 * buildFindOptions({ limit: 10, sort: [{ createdAt: SortOrder.DESC }] });
 * // → { limit: 10, offset: 0, sort: [{ created_at: 'desc' }] }
 * ```
 */
export function buildFindOptions(
  options?: unknown,
  path = 'options',
  context?: InputContext,
): WireFindOptions {
  const parsed = parseInput(FindOptionsSchema, options ?? {}, path);
  const { limit, offset } = parsed;
  if (parsed.sort === undefined) return { limit, offset };
  const criterionContext = { seen: new Set<string>(), input: context };
  const sort = parsed.sort.map((item, index) =>
    buildCriterion(item, joinPath(path, `sort.${index}`), criterionContext),
  );
  return { limit, offset, sort };
}
