// The description of a parse that must fail, for the schema tests.

import * as v from 'valibot';
import { expect } from 'vitest';
import { describeIssues } from '../../src/index.ts';

/**
 * Parses a value that must be refused and describes the issues.
 *
 * @param schema The schema.
 * @param input The value.
 * @returns What `describeIssues` says of the issues.
 */
export function issuesOf(schema: v.GenericSchema, input: unknown): string {
  const result = v.safeParse(schema, input);
  expect(result.success).toBe(false);
  return result.success ? '' : describeIssues(result.issues);
}
