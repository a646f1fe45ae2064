// A find request body (protocol.md §4.4, §8.1) becomes the store's `FindQuery`: the options by
// `FindRequestSchema` of `@residency/protocol` (limit 1..100, offset ≥ 0, sort), the filter
// by `parseFindFilter`.

import { FindRequestSchema } from '@residency/protocol';
import { ApiError } from '../http/api-error.ts';
import { validateBody } from '../http/validate-body.ts';
import { isSearchField } from '../records/record-fields.ts';
import type { FindQuery, FindSort } from '../store/index.ts';
import { type FilterContext, parseFindFilter } from './find-filter.ts';

function sortOf(
  items: readonly { readonly [field: string]: 'asc' | 'desc' | undefined }[],
  context: FilterContext,
): FindSort[] {
  return items.map((item, index) => {
    const [field, direction] = Object.entries(item)[0] as [string, 'asc' | 'desc'];
    if (isSearchField(field) && context.partialMatchRefusal !== undefined) {
      throw ApiError.of(400, `options.sort[${index}]`, context.partialMatchRefusal);
    }
    return { field, direction };
  });
}

/**
 * Checks a find request body and builds the store's query.
 *
 * @param body The parsed JSON body.
 * @param context How filter operands are stored, and whether partial matching (and sorting on
 *   search keys) works for this request.
 * @returns The query, with limit and offset defaulted (100, 0).
 * @throws {ApiError} 400 naming the offending path and the rule.
 */
export function parseFindQuery(body: unknown, context: FilterContext): FindQuery {
  const request = validateBody(FindRequestSchema, body);
  return {
    where: parseFindFilter(request.filter, context),
    sort: sortOf(request.options.sort ?? [], context),
    limit: request.options.limit,
    offset: request.options.offset,
  };
}
