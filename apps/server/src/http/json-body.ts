// JSON bodies are read only after Hono's `bodyLimit` let them through (it refuses a declared
// Content-Length past the limit at once, and stops reading a chunked body at the limit), so a
// body is never held whole beyond the configured size. Any Content-Type is taken as JSON:
// Python sends `application/json`, but nothing is gained by refusing a client that forgets it.

import { isWellFormed, joinJsonPath, parseJson, WELL_FORMED_RULE } from '@residency/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, errorBody } from './api-error.ts';

/**
 * Refuses request bodies past a size with 413 and an error body.
 *
 * @param maxSize The largest body accepted, in bytes.
 * @returns The middleware.
 */
export function jsonBodyLimit(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (context) =>
      context.json(
        errorBody(413, [{ source: 'body', detail: `must be at most ${maxSize} bytes` }]),
        413,
      ),
  });
}

/**
 * Reads the request body as JSON, integers past ±(2^53 − 1) as exact bigints.
 *
 * @param context The Hono context.
 * @returns The parsed value (unchecked).
 * @throws {ApiError} 400 when the body is empty, not UTF-8, not JSON, or holds a string (or a
 *   member name) with U+0000 or a lone surrogate (`\ud800` escaped: no UTF-8 form, so it could not
 *   be stored as sent).
 */
export async function readJsonBody(context: Context): Promise<unknown> {
  let text: string;
  try {
    // Fatal: bytes that are not UTF-8 are refused, not turned into U+FFFD (which would change a
    // stored value, or make two distinct keys one).
    text = UTF8.decode(await context.req.arrayBuffer());
  } catch (error) {
    if (error instanceof TypeError) throw ApiError.of(400, 'body', 'must be UTF-8 text');
    throw error;
  }
  if (text.trim() === '') throw ApiError.of(400, 'body', 'must be a JSON document');
  let value: unknown;
  try {
    // An integer literal past ±(2^53 − 1) becomes an exact bigint (range keys are signed 64-bit,
    // protocol.md §5.1), for the schemas to take or refuse; JSON.parse would round it. A body
    // without a 16-digit integer literal goes through JSON.parse itself.
    value = parseJson(text);
  } catch {
    // SyntaxError's message quotes the text around the fault: it stays out of the answer.
    throw ApiError.of(400, 'body', 'must be valid JSON');
  }
  checkStrings(value, '', 0);
  return value;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** PostgreSQL text cannot hold U+0000, so no stored string may contain it. */
export const NUL_RULE = 'must not contain NUL characters (\\u0000)';

/**
 * Tells whether a text holds U+0000, which no stored string may contain.
 *
 * @param text The text.
 * @returns `true` when it does.
 */
export function hasNul(text: string): boolean {
  return text.includes('\0');
}

/** No wire body nests deeper than a handful of levels; past this, a body is refused. */
const MAX_DEPTH = 32;

function checkStrings(value: unknown, path: string, depth: number): void {
  if (typeof value === 'string') {
    if (hasNul(value)) throw ApiError.of(400, path === '' ? 'body' : path, NUL_RULE);
    if (!isWellFormed(value)) throw ApiError.of(400, path === '' ? 'body' : path, WELL_FORMED_RULE);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) {
    throw ApiError.of(
      400,
      path === '' ? 'body' : path,
      `must not nest deeper than ${MAX_DEPTH} levels`,
    );
  }
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? [...value.entries()]
    : Object.entries(value);
  for (const [key, item] of entries) {
    // A key holding NUL is named by its parent's path only: the key itself is client text.
    if (typeof key === 'string' && hasNul(key)) {
      throw ApiError.of(400, path === '' ? 'body' : path, NUL_RULE);
    }
    if (typeof key === 'string' && !isWellFormed(key)) {
      throw ApiError.of(400, path === '' ? 'body' : path, WELL_FORMED_RULE);
    }
    checkStrings(item, joinJsonPath(path, key), depth + 1);
  }
}
