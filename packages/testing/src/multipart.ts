// Reads a `multipart/form-data` body back into its parts, byte-exact, so upload tests assert on
// what was sent (boundary framing, part headers, content) rather than on a library's reading.

/** One part of a multipart body. */
export interface MultipartPart {
  /** The part's headers, names lower-cased, in the order sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw `Content-Disposition` parameters, names lower-cased, quotes removed. */
  readonly disposition: Readonly<Record<string, string>>;
  /** The part's content, exactly as sent. */
  readonly data: Uint8Array;
}

/** A parsed multipart body. */
export interface MultipartBody {
  /** The boundary of the `Content-Type` header. */
  readonly boundary: string;
  /** The parts, in order. */
  readonly parts: readonly MultipartPart[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let start = from; start <= haystack.length - needle.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    return start;
  }
  return -1;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseDisposition(value: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const item of value.split(';').slice(1)) {
    const equals = item.indexOf('=');
    if (equals < 0) continue;
    const raw = item.slice(equals + 1).trim();
    const unquoted = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    parameters[item.slice(0, equals).trim().toLowerCase()] = unquoted;
  }
  return parameters;
}

/**
 * Parses a `multipart/form-data` body (RFC 7578): the boundary from `contentType`, each part's
 * headers and its content. Strict about the framing: a body that does not start with the first
 * delimiter or lacks the closing one fails, so a test notices a malformed upload.
 *
 * @param bytes The body, e.g. `RecordedRequest.bytes`.
 * @param contentType The request's `Content-Type`, with its `boundary` parameter.
 * @returns The boundary and the parts.
 * @throws {Error} The content type has no boundary or the body is not framed by it.
 * @example
 * ```ts
 * const { parts } = parseMultipart(upload.calls[0].bytes, upload.calls[0].headers['content-type']);
 * expect(parts[0]?.disposition.name).toBe('file');
 * ```
 */
export function parseMultipart(bytes: Uint8Array, contentType: string): MultipartBody {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (boundary === undefined) throw new Error('The content type has no boundary');
  const delimiter = encoder.encode(`--${boundary}`);
  if (indexOf(bytes, delimiter, 0) !== 0)
    throw new Error('The body does not start with the boundary');
  const parts: MultipartPart[] = [];
  let position = delimiter.length;
  for (;;) {
    const tail = decoder.decode(bytes.subarray(position, position + 2));
    if (tail === '--') return { boundary, parts };
    if (tail !== '\r\n') throw new Error('A boundary is not followed by CRLF or --');
    const headersEnd = indexOf(bytes, encoder.encode('\r\n\r\n'), position + 2);
    const next = indexOf(bytes, encoder.encode(`\r\n--${boundary}`), headersEnd);
    if (headersEnd < 0 || next < 0) throw new Error('The body lacks the closing boundary');
    const headers = parseHeaders(decoder.decode(bytes.subarray(position + 2, headersEnd)));
    const disposition = parseDisposition(headers['content-disposition'] ?? '');
    parts.push({ headers, disposition, data: bytes.slice(headersEnd + 4, next) });
    position = next + 2 + delimiter.length;
  }
}
