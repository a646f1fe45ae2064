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

/**
 * Checks custom headers (protocol.md §3): names and values non-empty strings without leading
 * or trailing whitespace, names valid HTTP tokens, none of the protected headers.
 *
 * @param headers The caller's headers.
 * @returns The same headers, safe to merge last.
 * @throws {InputValidationError} A header is invalid; the message names the header, never
 *   quotes its value.
 */
export function checkCustomHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null) {
    throw new InputValidationError('headers must be an object of strings', { path: 'headers' });
  }
  for (const [name, value] of Object.entries(headers)) {
    const path = `headers.${name}`;
    if (!HEADER_NAME.test(name)) {
      throw new InputValidationError(
        `Custom header name ${JSON.stringify(name)} is invalid: it must be a non-empty HTTP token without whitespace`,
        { path },
      );
    }
    if (PROTECTED_HEADERS.has(name.toLowerCase())) {
      throw new InputValidationError(
        `Custom header ${name} may not override a header the SDK sets`,
        {
          path,
        },
      );
    }
    if (
      typeof value !== 'string' ||
      value === '' ||
      value.trim() !== value ||
      hasControlCharacter(value)
    ) {
      throw new InputValidationError(
        `Custom header ${name} has an invalid value: it must be a non-empty string without leading or trailing whitespace or control characters`,
        { path },
      );
    }
  }
  return headers;
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
