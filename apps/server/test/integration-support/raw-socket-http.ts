// HTTP/1.1 written byte by byte to a server's socket, for requests no HTTP client sends:
// header values holding CR/LF or bytes past ASCII, bodies of invalid UTF-8, request targets
// with raw bytes, both framings at once. One connection per request (`Connection: close`), so
// the answer ends when the server closes it.

import { connect } from 'node:net';

/** One header line as sent: the value is written as its bytes (a string as latin1). */
export type RawHeader = readonly [name: string, value: string | Uint8Array];

/** A request as written to the socket. */
export interface RawRequest {
  readonly method: string;
  /** The request target, written as it is (`/v2/storage/records/de?x`). */
  readonly target: string | Uint8Array;
  /** The header lines, in order; `Host` and `Connection: close` are added first. */
  readonly headers: readonly RawHeader[];
  readonly body?: Uint8Array | undefined;
  /** How the body is framed: a `Content-Length` line (default), chunks, or neither. */
  readonly framing?: 'length' | 'chunked' | 'none' | undefined;
}

/** What the server answered. */
export interface RawResponse {
  /** The status code; 0 when the server closed the connection without a status line. */
  readonly status: number;
  /** The header lines, names lowercased. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body, de-chunked. */
  readonly body: Buffer;
}

/** How long one exchange may take before the test gives up on it: a guard against a hang. */
const EXCHANGE_TIMEOUT_MS = 15_000;

const CRLF = '\r\n';

function bytes(value: string | Uint8Array): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from(value);
}

function framingLines(request: RawRequest): Buffer[] {
  const body = request.body;
  if (body === undefined) return [];
  if (request.framing === 'chunked') return [bytes(`Transfer-Encoding: chunked${CRLF}`)];
  if (request.framing === 'none') return [];
  return [bytes(`Content-Length: ${body.length}${CRLF}`)];
}

function framedBody(request: RawRequest): Buffer {
  const body = request.body;
  if (body === undefined) return Buffer.alloc(0);
  if (request.framing !== 'chunked') return Buffer.from(body);
  const chunk = body.length === 0 ? [] : [bytes(`${body.length.toString(16)}${CRLF}`), body];
  return Buffer.concat([...chunk, bytes(body.length === 0 ? '' : CRLF), bytes(`0${CRLF}${CRLF}`)]);
}

/**
 * Writes a request's bytes: request line, headers, framing, body.
 *
 * @param request The request.
 * @param host The `Host` header's value.
 * @returns The bytes.
 */
function requestBytes(request: RawRequest, host: string): Buffer {
  const lines = [
    bytes(`${request.method} `),
    bytes(request.target),
    bytes(` HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}`),
    ...request.headers.flatMap(([name, value]) => [bytes(`${name}: `), bytes(value), bytes(CRLF)]),
    ...framingLines(request),
    bytes(CRLF),
    framedBody(request),
  ];
  return Buffer.concat(lines);
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf(CRLF, at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Parses what a server wrote back on a `Connection: close` exchange.
 *
 * @param answer Every byte the server wrote.
 * @returns The response; status 0 when there is no status line.
 */
function parseRawResponse(answer: Buffer): RawResponse {
  // An interim answer (`100 Continue` to `Expect: 100-continue`) comes before the final one.
  const interim = /^HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n/.exec(
    answer.toString('latin1'),
  );
  if (interim !== null) return parseRawResponse(answer.subarray(interim[0].length));
  const headEnd = answer.indexOf(`${CRLF}${CRLF}`);
  const head = answer.subarray(0, headEnd < 0 ? answer.length : headEnd).toString('latin1');
  const [statusLine = '', ...lines] = head.split(CRLF);
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  const rawBody = headEnd < 0 ? Buffer.alloc(0) : answer.subarray(headEnd + 4);
  const chunked = headers.some(
    ([name, value]) => name === 'transfer-encoding' && /chunked/i.test(value),
  );
  return {
    status: match === null ? 0 : Number(match[1]),
    headers,
    body: chunked ? dechunk(rawBody) : rawBody,
  };
}

/**
 * Sends one request over a fresh connection and reads the answer until the server closes it.
 *
 * @param url The server's base URL (`http://127.0.0.1:port`).
 * @param request The request.
 * @returns The response.
 * @throws Error when the exchange takes past its guard time, or the connection fails to open.
 */
export function sendRawRequest(url: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port, host } = new URL(url);
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => {
      // Not `end()`: a half-closed connection aborts the request in @hono/node-server before
      // it answers. The server closes it once it has answered (`Connection: close`).
      socket.write(requestBytes(request, host));
    });
    socket.setTimeout(EXCHANGE_TIMEOUT_MS, () => {
      socket.destroy(new Error('the server did not finish its answer in time'));
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    // A server may reset a connection whose request it refused after answering; what it wrote
    // before counts.
    socket.on('error', (error) => {
      if (received.length === 0) reject(error);
    });
    socket.on('close', () => resolve(parseRawResponse(Buffer.concat(received))));
  });
}
