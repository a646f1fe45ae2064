import { isPlainObject } from '@residency/protocol';
import { checkCustomHeaders } from '@residency/transport';
import * as v from 'valibot';
import { joinPath, parseInput, strictObjectMessage } from './input-issues.ts';

/** Per-call options every records method takes (protocol.md §3). */
export interface RequestOptionsInput {
  /** Headers merged last into the request; they may not replace the SDK's own. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Aborts the request, its retries and any wait for a token. */
  readonly signal?: AbortSignal | undefined;
}

/** Validated request options: only the given ones, `headers` copied. */
export interface ParsedRequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

function isAbortSignal(value: unknown): boolean {
  if (typeof AbortSignal !== 'undefined' && value instanceof AbortSignal) return true;
  // A signal from another realm (an iframe, a test environment's own globals) fails
  // `instanceof`; its shape is what fetch relies on.
  const candidate = value as { aborted?: unknown; addEventListener?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.aborted === 'boolean' &&
    typeof candidate.addEventListener === 'function'
  );
}

const REQUEST_OPTIONS_SHAPE = 'an object with headers or signal';

const RequestOptionsSchema = v.pipe(
  // valibot's object schemas take lists and class instances too.
  v.custom<Record<string, unknown>>(isPlainObject, `must be ${REQUEST_OPTIONS_SHAPE}`),
  v.strictObject(
    {
      headers: v.optional(v.unknown()),
      signal: v.optional(v.custom<AbortSignal>(isAbortSignal, 'must be an AbortSignal')),
    },
    strictObjectMessage(REQUEST_OPTIONS_SHAPE, () => 'is not a request option'),
  ),
);

/**
 * Validates a method's request options (protocol.md §3): `headers` an object whose names are
 * HTTP tokens and whose values are non-empty strings without surrounding whitespace or control
 * characters, none replacing `Authorization`, `x-env-id`, `User-Agent`, `Content-Type` or
 * `X-Encrypted-Storage` (any case); `signal` an `AbortSignal`. Unknown options are rejected.
 *
 * @param options The caller's request options; `undefined` for none.
 * @param path The argument's name in error messages; `requestOptions` unless told.
 * @returns The options that were given.
 * @throws {InputValidationError} An option breaks a rule; `path` names it (e.g.
 *   `requestOptions.headers.X-Trace`), the message never quotes a header value.
 */
export function parseRequestOptions(
  options: unknown,
  path = 'requestOptions',
): ParsedRequestOptions {
  if (options === undefined) return {};
  const parsed = parseInput(RequestOptionsSchema, options, path);
  const headers =
    parsed.headers === undefined
      ? undefined
      : checkCustomHeaders(parsed.headers, joinPath(path, 'headers'));
  return {
    ...(headers === undefined ? {} : { headers }),
    ...(parsed.signal === undefined ? {} : { signal: parsed.signal }),
  };
}
