import { HttpHandler, type Path } from 'msw';

/** One request an msw handler intercepted, as a test wants to assert on it. */
export interface RecordedRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The full URL, query included. */
  readonly url: string;
  /** The URL's path, without the query. */
  readonly path: string;
  /** The query parameters; the last value wins when a name repeats. */
  readonly query: Readonly<Record<string, string>>;
  /** Every request header, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (empty when there was none), decoded as UTF-8. */
  readonly text: string;
  /** The body's bytes, exactly as sent (empty when there was none). */
  readonly bytes: Uint8Array;
  /**
   * `true` when reading the body failed (the client's body stream errored, e.g. past a size
   * limit): the handler then answers with a network error, as a server whose upload broke off,
   * without calling the resolver.
   */
  readonly bodyFailed: boolean;
  /**
   * The parsed body: the JSON value for `application/json`, the fields for
   * `application/x-www-form-urlencoded`, the text otherwise, `undefined` when empty.
   */
  readonly body: unknown;
}

/** What a recording handler's resolver receives. */
export interface RecordingResolverInfo {
  /** The intercepted request; its body is still unread. */
  readonly request: Request;
  /** The same request, recorded. */
  readonly call: RecordedRequest;
  /** How many calls this handler saw before this one: 0 for the first. */
  readonly index: number;
}

/** Answers an intercepted request; a promise that never settles simulates a hung server. */
export type RecordingResolver = (info: RecordingResolverInfo) => Response | Promise<Response>;

/** An msw handler together with the requests it has intercepted. */
export interface RecordingHandler {
  /** The msw handler, for `server.use(...)`. */
  readonly handler: HttpHandler;
  /** Every request this handler answered, oldest first. */
  readonly calls: readonly RecordedRequest[];
}

/** The HTTP methods a recording handler matches. */
export type RecordedMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * Creates an msw handler that records every request it answers, so a test asserts on what was
 * sent (headers, query, body) instead of only on what came back.
 *
 * @param method The method to match.
 * @param url The URL (an msw path pattern) to match.
 * @param resolver Produces the response; it also receives the recorded call and its index.
 * @returns The handler and its list of recorded calls.
 *
 * @example
 * ```ts
 * const find = createRecordingHandler('POST', `${host}/v2/storage/records/us/find`, () =>
 *   Response.json({ data: [], meta: { count: 0, limit: 100, offset: 0, total: 0 } }),
 * );
 * server.use(find.handler);
 * // … call the code under test …
 * expect(find.calls[0]?.headers['x-env-id']).toBe('env');
 * ```
 */
export function createRecordingHandler(
  method: RecordedMethod,
  url: Path,
  resolver: RecordingResolver,
): RecordingHandler {
  const calls: RecordedRequest[] = [];
  const handler = new HttpHandler(method, url, async ({ request }) => {
    const call = await recordRequest(request.clone());
    const index = calls.length;
    calls.push(call);
    if (call.bodyFailed) return Response.error();
    return resolver({ request, call, index });
  });
  return { handler, calls };
}

/**
 * Records a request: method, URL parts, headers and the parsed body.
 *
 * @param request The request to read; pass a clone if the body is still needed.
 * @returns The recorded request.
 */
export async function recordRequest(request: Request): Promise<RecordedRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const { bytes, failed } = await readBytes(request);
  const text = new TextDecoder().decode(bytes);
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    path: url.pathname,
    query: fieldsOf(url.searchParams),
    headers,
    text,
    bytes,
    bodyFailed: failed,
    body: failed ? undefined : parseBody(text, headers['content-type'] ?? ''),
  };
}

async function readBytes(request: Request): Promise<{ bytes: Uint8Array; failed: boolean }> {
  if (request.body === null) return { bytes: new Uint8Array(0), failed: false };
  try {
    return { bytes: new Uint8Array(await request.arrayBuffer()), failed: false };
  } catch {
    // The client's body stream errored: recorded, answered as a broken connection.
    return { bytes: new Uint8Array(0), failed: true };
  }
}

function parseBody(text: string, contentType: string): unknown {
  if (text === '') return undefined;
  if (contentType.includes('application/json')) return JSON.parse(text);
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return fieldsOf(new URLSearchParams(text));
  }
  return text;
}

function fieldsOf(params: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  params.forEach((value, name) => {
    fields[name] = value;
  });
  return fields;
}
