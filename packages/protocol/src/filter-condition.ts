import type { Int64 } from './int64.ts';

/**
 * A find request after validation: the filter as a tree the store translates to parameterized
 * SQL. Leaves name wire fields; values are checked and converted (dates as `Date`s,
 * string operands in their stored form).
 */
export type FilterCondition =
  | { readonly kind: 'eq'; readonly field: string; readonly value: string | Int64 | Date }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly values: readonly (string | Int64 | Date)[];
    }
  | { readonly kind: 'null'; readonly field: string }
  | { readonly kind: 'not'; readonly condition: FilterCondition }
  | {
      readonly kind: 'range';
      readonly field: string;
      readonly op: '$gt' | '$gte' | '$lt' | '$lte';
      readonly value: Int64 | Date;
    }
  /** Substring match on one `key1..20` field (`$like`). */
  | { readonly kind: 'like'; readonly field: string; readonly text: string }
  /** Substring match over any of `key1..20` (`search_keys`). */
  | { readonly kind: 'search'; readonly text: string }
  | { readonly kind: 'and'; readonly conditions: readonly FilterCondition[] }
  | { readonly kind: 'or'; readonly conditions: readonly FilterCondition[] };
