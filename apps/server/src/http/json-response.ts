// Answers that may carry a record are written with `stringifyJson`: a range key past
// ±(2^53 − 1) is a bigint (signed 64-bit, protocol.md §5.1), written as its bare digits, where
// Hono's `context.json` (JSON.stringify) would throw. A value without a bigint goes through
// JSON.stringify itself, so ordinary answers cost what they cost before.

import { stringifyJson } from '@residency/protocol';
import type { Context } from 'hono';

/**
 * Answers with a JSON body, as `context.json` does, bigints written exactly as JSON integers.
 *
 * @param context The Hono context.
 * @param value The body: JSON values and bigints (dates already formatted).
 * @returns The response, status 200, `Content-Type: application/json`.
 */
export function jsonResponse(context: Context, value: unknown): Response {
  return context.body(stringifyJson(value), 200, { 'Content-Type': 'application/json' });
}
