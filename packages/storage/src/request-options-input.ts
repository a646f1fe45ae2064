import * as v from 'valibot';
import { inputError, joinPath, parseInput, strictObjectMessage } from './input-issues.ts';
import { isPlainObject } from './plain-object.ts';

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

/**
 * Headers the SDK sets itself; a custom header may not replace them, whatever its case. Python's
 * list also names `X-Encrypted-Storage` but compares only the lower-cased user header, so it is
 * not actually protected there; here it is (protocol.md §3). The transport checks again.
 */
const PROTECTED_HEADERS: readonly string[] = [
  'authorization',
  'x-env-id',
  'user-agent',
  'content-type',
  'x-encrypted-storage',
];

/** An HTTP field name (RFC 9110 `token`): non-empty, no whitespace, no separators. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Control characters other than tab would split or corrupt the header. */
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
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

function checkHeader(name: string, value: unknown, path: string): void {
  if (!HEADER_NAME.test(name)) {
    throw inputError(path, 'is not a valid header name: it must be a non-empty HTTP token');
  }
  if (PROTECTED_HEADERS.includes(name.toLowerCase())) {
    throw inputError(path, 'may not override a header the SDK sets');
  }
  const valid =
    typeof value === 'string' &&
    value !== '' &&
    value.trim() === value &&
    !hasControlCharacter(value);
  if (!valid) {
    const rule =
      'must be a non-empty string without leading or trailing whitespace or control characters';
    throw inputError(path, rule);
  }
}

function parseHeaders(headers: unknown, path: string): Record<string, string> {
  if (!isPlainObject(headers))
    throw inputError(path, 'must be an object of header names to strings');
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    checkHeader(name, value, joinPath(path, name));
    copy[name] = value as string;
  }
  return copy;
}

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
      : parseHeaders(parsed.headers, joinPath(path, 'headers'));
  return {
    ...(headers === undefined ? {} : { headers }),
    ...(parsed.signal === undefined ? {} : { signal: parsed.signal }),
  };
}
