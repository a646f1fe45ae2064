// A find filter (protocol.md §8.2) is checked and turned into the store's condition tree by
// `@residency/protocol`'s `parseFindFilter`, the grammar the SDK checks its filters with too; here
// a broken rule becomes a 400 whose error entry names the offending path and the rule.

import {
  type FilterCondition,
  type FilterContext,
  filterRuleOf,
  parseFindFilter as parseWireFilter,
} from '@residency/protocol';
import { ApiError } from '../http/api-error.ts';

export type { FilterContext };

/**
 * Checks a find filter and builds the store's condition.
 *
 * @param filter The request's `filter` object.
 * @param context How operands are stored and whether partial matching works.
 * @returns The condition: an `and` of each field's condition (empty: every record).
 * @throws {ApiError} 400 naming the offending path and the rule.
 */
export function parseFindFilter(
  filter: { readonly [key: string]: unknown },
  context: FilterContext,
): FilterCondition {
  try {
    return parseWireFilter(filter, context);
  } catch (error) {
    const rule = filterRuleOf(error);
    if (rule === undefined) throw error;
    throw ApiError.of(400, rule.source, rule.detail);
  }
}
