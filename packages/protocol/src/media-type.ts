// What a MIME type may look like (RFC 9110 §8.3.1): `type/subtype` tokens, then `; name=value`
// parameters whose values are tokens or quoted strings. A stored type is sent back as a
// download's Content-Type header, so anything else (CR, LF, a stray quote, non-ASCII) is refused
// where it enters. Hand-written on purpose: the grammar is four productions, the check has to run
// in browsers as well as on the server, and the jshttp parsers (`content-type`) allow only one
// side of it.

/** The longest MIME type accepted: RFC 6838 §4.2 caps type and subtype at 127 characters each. */
export const MAX_MEDIA_TYPE_LENGTH = 255;

// tchar (RFC 9110 §5.6.2), quoted-string without obs-text (§5.6.4), OWS around `;` (§5.6.3).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\t \\x21-\\x7E])*"';
const MEDIA_TYPE = new RegExp(
  `^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*(?:${TOKEN}=(?:${TOKEN}|${QUOTED}))?)*$`,
);

/**
 * Tells whether a string is a MIME type in RFC 9110's `media-type` syntax, at most
 * `MAX_MEDIA_TYPE_LENGTH` characters: `text/plain`, `text/plain; charset=utf-8` and
 * `multipart/x; boundary="a b"` are; `text`, `text/plain\r\nX: 1` and `tëxt/plain` are not.
 *
 * @param value The candidate.
 * @returns `true` when it is well formed.
 * @example
 * ```ts
 * isMediaType('application/pdf'); // → true
 * isMediaType('application/pdf\r\nSet-Cookie: a=b'); // → false
 * ```
 */
export function isMediaType(value: string): boolean {
  return value.length <= MAX_MEDIA_TYPE_LENGTH && MEDIA_TYPE.test(value);
}
