import { InputValidationError } from '@residency/errors';
import { RECORDS_PREFIX } from '@residency/protocol';
import { normalizeCountry } from './endpoint-resolver.ts';
import { checkCustomHeaders } from './headers.ts';
import type { HttpResponseInfo } from './logger.ts';
import type { ResponseSchema } from './parse-response.ts';
import { joinUrl } from './url.ts';

/** The methods the storage API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A request body sent without ky (an upload), opened once per attempt. ky clones every request
 * to be able to retry it, and cloning a stream body tees it: the unread branch would buffer
 * every byte sent. Here the body goes to fetch as it is: a stream with `duplex: 'half'`, pulled
 * chunk by chunk as the connection takes it, or a `Blob` (composed of parts, nothing copied;
 * what browsers can send over HTTP/1.1). A failure while reading a stream fails the request: a
 * `StorageError` it throws (a size limit) as it is, anything else as a `StorageClientError`
 * with it as `cause`.
 */
export interface StreamBody {
  /** The body's `Content-Type`, e.g. `multipart/form-data; boundary=…`. */
  readonly contentType: string;
  /**
   * `true` when `open` may be called again, for a retry after 429/503 or a token refresh after
   * 401 (a body made from bytes, a `Blob` or a file). A caller's own stream can be read once:
   * such a request is not retried once its body was opened; the error is thrown instead.
   */
  readonly replayable: boolean;
  /**
   * Opens the body for one attempt.
   *
   * @returns A fresh stream of the body's bytes, read on demand, or a `Blob` of them.
   */
  open(): ReadableStream<Uint8Array> | Blob;
}

/** Options of `transport.requestRaw`. */
export interface RawRequestOptions {
  /** The country code (two letters, any case): picks host, audience and records prefix. */
  country: string;
  /** The HTTP method. */
  method: HttpMethod;
  /**
   * The path after `/v2/storage/records/{country}` (e.g. `/find`, `/<hashed key>`), or after
   * the host when `recordsPath` is `false` (e.g. `/healthcheck`). Encode path segments
   * yourself (`encodeURIComponent`). Slashes around parts are trimmed.
   */
  path?: string | undefined;
  /** `false` to resolve `path` against the host instead of the records prefix (default `true`). */
  recordsPath?: boolean | undefined;
  /**
   * How log lines and error messages name `path`, e.g. `/{recordKey}`; default `path` itself.
   * Give one whenever the path carries a value that must never be logged (a raw record key
   * in server-side-encryption mode).
   */
  pathLabel?: string | undefined;
  /** A JSON body; sent with `Content-Type: application/json`. Excludes `body`. */
  json?: unknown;
  /** A raw body (`FormData`, `Blob`, bytes, text). Excludes `json`. Not a stream if it may be retried. */
  body?: BodyInit | undefined;
  /**
   * An upload's body; excludes `json` and `body`. For a stream the timeout counts from the last
   * chunk the connection took: an upload may take longer than `timeout` while it moves. A
   * `Blob` must be sent whole within `timeout`.
   */
  stream?: StreamBody | undefined;
  /**
   * Error statuses returned as responses instead of thrown (e.g. `[412]` for a conditional
   * write whose error body the caller reads). For `request`, the schema then sees those bodies.
   */
  acceptStatuses?: readonly number[] | undefined;
  /** Query parameters. */
  searchParams?: Record<string, string> | undefined;
  /** Custom headers, merged last; they may not replace the SDK's own (protocol.md §3). */
  headers?: Record<string, string> | undefined;
  /** Sends `X-Encrypted-Storage: true` (server-side encryption mode). */
  encryptedStorage?: boolean | undefined;
  /** Aborts the request, any retry wait, and this caller's wait for a token or the list. */
  signal?: AbortSignal | undefined;
}

/** Options of `transport.request`: a raw request plus the schema of the response body. */
export interface RequestOptions<TSchema extends ResponseSchema> extends RawRequestOptions {
  /** The valibot schema the JSON body must match; the caller owns the shape. */
  schema: TSchema;
}

/** A validated response. */
export interface TransportResponse<TData> {
  /** The body, as the schema's output. */
  readonly data: TData;
  /** Status, headers, URL and method of the final response. */
  readonly info: HttpResponseInfo;
}

/** A successful response whose body is left to the caller (downloads, bodiless answers). */
export interface RawTransportResponse {
  /** The web `Response`, body unread. */
  readonly response: Response;
  /** Status, headers, URL and method. */
  readonly info: HttpResponseInfo;
}

/** Options of `transport.resolveEndpoint`. */
export interface ResolveEndpointOptions {
  /** Stops waiting for the countries list. */
  signal?: AbortSignal | undefined;
}

/** A request after its arguments were checked. */
export interface PreparedRequest {
  readonly options: RawRequestOptions;
  /** The lower-case country code. */
  readonly country: string;
  /** The path below the host, e.g. `/v2/storage/records/us/find`. */
  readonly path: string;
  /** The checked custom headers. */
  readonly custom: Readonly<Record<string, string>>;
  /** The path as log lines and messages show it: `path`, or the caller's `pathLabel`. */
  readonly pathLabel: string;
  /** `METHOD pathLabel`, for messages. */
  readonly description: string;
}

/**
 * Checks a request's arguments before anything is sent.
 *
 * @param options The caller's request options.
 * @returns The prepared request.
 * @throws {InputValidationError} Bad country code, custom header, or more than one of `json`,
 *   `body` and `stream`.
 */
export function prepareRequest(options: RawRequestOptions): PreparedRequest {
  const country = normalizeCountry(options.country);
  const custom = checkCustomHeaders(options.headers);
  const bodies = [options.json, options.body, options.stream].filter((part) => part !== undefined);
  if (bodies.length > 1) {
    throw new InputValidationError('only one of json, body and stream can be given', {
      path: 'body',
    });
  }
  const prefix = options.recordsPath === false ? '' : `${RECORDS_PREFIX}/${country}`;
  const below = (part: string) => `/${joinUrl('', prefix, part).replace(/^\/+/, '')}`;
  const path = below(options.path ?? '');
  const pathLabel = options.pathLabel === undefined ? path : below(options.pathLabel);
  const description = `${options.method} ${pathLabel}`;
  return { options, country, path, pathLabel, custom, description };
}
