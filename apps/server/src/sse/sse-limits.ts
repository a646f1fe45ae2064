// The limits of SSE records (protocol.md §5.3, Python's `RecordRaw`): a raw record key travels
// in URL paths, so it is short and free of `/`, `#`, `?` and line breaks.

import { joinJsonPath } from '@residency/protocol';
import type { Problem } from '../http/api-error.ts';

/** The longest SSE `record_key`, `profile_key` and `parent_key`, in characters. */
const MAX_SSE_KEY_LENGTH = 128;

const RECORD_KEY_RULE = `must be at most ${MAX_SSE_KEY_LENGTH} characters without "/", "#", "?" or line breaks in SSE mode`;
const SHORT_KEY_RULE = `must be at most ${MAX_SSE_KEY_LENGTH} characters in SSE mode`;

function characters(text: string): number {
  return [...text].length;
}

/**
 * Tells whether a raw record key is valid in SSE mode.
 *
 * @param recordKey The raw key.
 * @returns `true` when it respects the SSE rules.
 */
export function isValidSseRecordKey(recordKey: string): boolean {
  return characters(recordKey) <= MAX_SSE_KEY_LENGTH && !/[/#?\r\n]/.test(recordKey);
}

/**
 * Lists the SSE rules a record breaks (service and search keys are held to 256 characters by
 * the wire schema already).
 *
 * @param record A record that passed `ApiRecordSchema`.
 * @param source The record's path; empty for the body itself.
 * @returns The problems; empty when the record is fine.
 */
export function sseRecordProblems(
  record: {
    readonly record_key: string;
    readonly profile_key?: string | null | undefined;
    readonly parent_key?: string | null | undefined;
  },
  source: string,
): Problem[] {
  const problems: Problem[] = [];
  if (!isValidSseRecordKey(record.record_key)) {
    problems.push({ source: joinJsonPath(source, 'record_key'), detail: RECORD_KEY_RULE });
  }
  for (const field of ['profile_key', 'parent_key'] as const) {
    const value = record[field];
    if (typeof value === 'string' && characters(value) > MAX_SSE_KEY_LENGTH) {
      problems.push({ source: joinJsonPath(source, field), detail: SHORT_KEY_RULE });
    }
  }
  return problems;
}
