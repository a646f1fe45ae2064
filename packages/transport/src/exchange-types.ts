// The shapes every exchange module shares, in a module of their own so that `exchange.ts`,
// `stream-exchange.ts`, `observe-response.ts` and `to-storage-error.ts` import them from below
// instead of from each other (test/import-cycles.test.ts keeps src free of import circles).
// A request's settings are named once, `ResolvedTransportOptions`; what an exchange needs of
// them is a `Pick`, so each field keeps the one doc comment of its owner.

import type { ExchangeKind, HttpResponseInfo } from './logger.ts';
import type { ResolvedTransportOptions } from './transport-options.ts';

/** What every exchange shares: the part of the transport options that sends and reports. */
export type ExchangeSettings = Pick<
  ResolvedTransportOptions,
  'timeout' | 'fetch' | 'logger' | 'onResponse'
>;

/** One HTTP request, fully built. */
export interface ExchangeRequest {
  /** Which server is called. */
  readonly kind: ExchangeKind;
  /** The request method. */
  readonly method: string;
  /** The full URL, query included. */
  readonly url: string;
  /** How log lines and messages name the path (a label hiding a raw record key); default the URL's path. */
  readonly pathLabel?: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body; ky sets `Content-Type: application/json`. */
  readonly json?: unknown;
  /** A raw body (form, multipart, bytes); must be re-readable if the call may be retried. */
  readonly body?: BodyInit | undefined;
  /** A streamed body, opened for this exchange: sent with fetch itself, never buffered. */
  readonly stream?: OpenedStream | undefined;
  /** Error statuses returned as responses instead of thrown. */
  readonly acceptStatuses?: readonly number[] | undefined;
  /** The caller's signal, also to tell an abort from other failures. */
  readonly signal?: AbortSignal | undefined;
}

/** An upload's body, opened for one exchange. */
export interface OpenedStream {
  /** The bytes: a stream, or a `Blob`. */
  readonly body: ReadableStream<Uint8Array> | Blob;
  /** Its `Content-Type`. */
  readonly contentType: string;
}

/**
 * What an error message or log line may say about an exchange: the request's name and signal,
 * and the timeout it ran under. Never its headers or body.
 */
export type ExchangeContext = Pick<
  ExchangeRequest,
  'kind' | 'method' | 'url' | 'pathLabel' | 'signal'
> &
  Pick<ExchangeSettings, 'timeout'>;

/** A successful exchange: the response, body unread, and what the caller may see of it. */
export interface Exchanged {
  readonly response: Response;
  readonly info: HttpResponseInfo;
  readonly context: ExchangeContext;
}
