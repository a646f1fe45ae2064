// The arguments of `migrate` and `migrateAll`, checked before any request. Messages name the
// argument and the rule, never a value.

import { isPlainObject, MAX_FIND_LIMIT } from '@residency/protocol';
import { parseInput, strictObjectMessage } from '@residency/storage/internal';
import * as v from 'valibot';
import type { MigrateAllOptions, MigrateProgress } from './migrate-types.ts';

/** The most pages `migrateAll` writes at once. */
export const MAX_CONCURRENCY = 16;

/** The defaults of `migrateAll`, merged once. */
export const DEFAULT_MIGRATE_ALL_OPTIONS: {
  readonly pageSize: number;
  readonly concurrency: number;
  readonly maxFailures: number;
} = Object.freeze({ pageSize: MAX_FIND_LIMIT, concurrency: 1, maxFailures: 1000 });

const integerIn = (minimum: number, maximum: number, rule: string) =>
  v.pipe(v.number(rule), v.safeInteger(rule), v.minValue(minimum, rule), v.maxValue(maximum, rule));

const LIMIT_RULE = `must be an integer from 1 to ${MAX_FIND_LIMIT}`;
const LimitSchema = integerIn(1, MAX_FIND_LIMIT, LIMIT_RULE);

const SHAPE = 'an object with pageSize, concurrency, maxFailures, onProgress, signal or headers';
const MigrateAllOptionsSchema = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, `must be ${SHAPE}`),
  v.strictObject(
    {
      pageSize: v.optional(integerIn(1, MAX_FIND_LIMIT, LIMIT_RULE)),
      concurrency: v.optional(
        integerIn(1, MAX_CONCURRENCY, `must be an integer from 1 to ${MAX_CONCURRENCY}`),
      ),
      maxFailures: v.optional(integerIn(1, Number.MAX_SAFE_INTEGER, 'must be an integer ≥ 1')),
      onProgress: v.optional(
        v.custom<(progress: MigrateProgress) => void>(
          (value) => typeof value === 'function',
          'must be a function',
        ),
      ),
      // Checked with the headers as request options, by the storage's own rules.
      signal: v.optional(v.unknown()),
      headers: v.optional(v.unknown()),
    },
    strictObjectMessage(SHAPE, () => 'is not a migrateAll option'),
  ),
);

/** `migrateAll`'s options with the defaults applied; `signal` and `headers` go to the requests. */
export interface MigrateAllPlan {
  readonly pageSize: number;
  readonly concurrency: number;
  readonly maxFailures: number;
  readonly onProgress: ((progress: MigrateProgress) => void) | undefined;
}

/**
 * Checks `migrate`'s `limit`.
 *
 * @param limit The caller's limit; `undefined` for 100.
 * @returns The limit.
 * @throws {InputValidationError} Not an integer from 1 to 100.
 */
export function parseLimit(limit: unknown): number {
  return limit === undefined ? MAX_FIND_LIMIT : parseInput(LimitSchema, limit, 'limit');
}

/**
 * Checks `migrateAll`'s options and applies the defaults.
 *
 * @param options The caller's options; `undefined` for the defaults.
 * @returns The plan, and the request options (`headers`, `signal`) to validate as such.
 * @throws {InputValidationError} Not an object, an unknown option, or a value out of range.
 */
export function parseMigrateAllOptions(options: unknown): {
  plan: MigrateAllPlan;
  requestOptions: Record<string, unknown>;
} {
  const parsed =
    options === undefined ? {} : parseInput(MigrateAllOptionsSchema, options, 'options');
  const defaults = DEFAULT_MIGRATE_ALL_OPTIONS;
  const given = parsed as MigrateAllOptions;
  const requestOptions: Record<string, unknown> = {};
  if (given.headers !== undefined) requestOptions.headers = given.headers;
  if (given.signal !== undefined) requestOptions.signal = given.signal;
  return {
    plan: {
      pageSize: given.pageSize ?? defaults.pageSize,
      concurrency: given.concurrency ?? defaults.concurrency,
      maxFailures: given.maxFailures ?? defaults.maxFailures,
      onProgress: given.onProgress,
    },
    requestOptions,
  };
}
