import { InputValidationError } from '@residency/errors';

/**
 * Headers the transport sets itself; a custom header may not replace them, whatever its
 * case. Python's list also names `X-Encrypted-Storage` but compares only the lower-cased user
 * header, so it is not actually protected there; here it is (protocol.md §3).
 */
const PROTECTED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-env-id',
  'user-agent',
  'content-type',
  'x-encrypted-storage',
]);

/** An HTTP field name (RFC 9110 `token`): no spaces, no separators. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Control characters (tab aside) would split or corrupt the header. */
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** Header values are bytes: one character per byte, U+0000..U+00FF. */
function hasNonLatin1Character(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    if (value.charCodeAt(index) > 0xff) return true;
  }
  return false;
}

function headerError(path: string, rule: string): InputValidationError {
  return new InputValidationError(`${path} ${rule}`, { path });
}

/**
 * Checks custom headers (protocol.md §3): an object whose names are HTTP tokens and whose
 * values are non-empty strings of Latin-1 characters without leading or trailing whitespace or
 * control characters, none replacing a header the SDK sets, whatever its case. The one implementation of these
 * rules: the storage layer calls it to validate request options before anything is sent.
 *
 * @param headers The caller's headers; `undefined` for none.
 * @param path How messages name the headers argument, e.g. `requestOptions.headers`.
 * @returns A copy of the headers, safe to merge last.
 * @throws {InputValidationError} A header is invalid; `path` names it (e.g.
 *   `headers.X-Trace`), the message never quotes a header value.
 */
export function checkCustomHeaders(
  headers: unknown,
  path = 'headers',
): Readonly<Record<string, string>> {
  if (headers === undefined) return {};
  const prototype =
    typeof headers === 'object' && headers !== null && Object.getPrototypeOf(headers);
  if (prototype !== Object.prototype && prototype !== null) {
    throw headerError(path, 'must be an object of header names to strings');
  }
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const headerPath = `${path}.${name}`;
    if (!HEADER_NAME.test(name)) {
      throw headerError(
        headerPath,
        'is not a valid header name: it must be a non-empty HTTP token',
      );
    }
    if (PROTECTED_HEADERS.has(name.toLowerCase())) {
      throw headerError(headerPath, 'may not override a header the SDK sets');
    }
    if (
      typeof value !== 'string' ||
      value === '' ||
      value.trim() !== value ||
      hasControlCharacter(value)
    ) {
      throw headerError(
        headerPath,
        'must be a non-empty string without leading or trailing whitespace or control characters',
      );
    }
    // fetch sends header values as bytes (a ByteString): anything past U+00FF, a lone surrogate
    // among them, makes it throw a bare TypeError after the request was built.
    if (hasNonLatin1Character(value)) {
      throw headerError(headerPath, 'must hold only Latin-1 characters (U+0000..U+00FF)');
    }
    copy[name] = value;
  }
  return copy;
}

/** What a PoP request's headers are made of. */
export interface PopHeaderParts {
  readonly token: string;
  readonly environmentId: string;
  readonly userAgent: string;
  readonly encryptedStorage: boolean;
  readonly custom: Readonly<Record<string, string>>;
}

/**
 * Builds a PoP request's headers (protocol.md §3). `Content-Type` is left to ky (`json`) or
 * fetch (form data, blobs), so it is only sent with a body.
 *
 * @param parts Token, environment, user agent, SSE flag and the checked custom headers.
 * @returns The headers, custom ones merged last.
 */
export function popHeaders(parts: PopHeaderParts): Record<string, string> {
  return {
    authorization: `Bearer ${parts.token}`,
    'x-env-id': parts.environmentId,
    'user-agent': parts.userAgent,
    ...(parts.encryptedStorage ? { 'x-encrypted-storage': 'true' } : {}),
    ...parts.custom,
  };
}
