// Uploads: a request with a `StreamBody` goes to fetch itself, not through ky. ky clones every
// request before sending it (to retry it), and cloning a stream body tees it: the unread branch
// then buffers every byte sent, so a 100 MiB upload would hold 100 MiB. Sent directly, with
// `duplex: 'half'`, a stream is pulled chunk by chunk as the connection takes it; a `Blob` is
// handed to fetch as it is.

import { isStorageError, StorageClientError, StorageNetworkError } from '@residency/errors';
import type {
  ExchangeContext,
  Exchanged,
  ExchangeRequest,
  ExchangeSettings,
  OpenedStream,
} from './exchange-types.ts';
import { observeNoResponse, observeResponse } from './observe-response.ts';
import { describeExchange, httpResponseError, toStorageError } from './to-storage-error.ts';

/** A request body passed through unchanged, with what reading it threw remembered. */
interface GuardedBody {
  /** What fetch reads. */
  readonly body: ReadableStream<Uint8Array> | Blob;
  /** What reading the caller's stream threw; `undefined` while it has not failed. */
  readonly failure: () => { readonly error: unknown } | undefined;
}

/**
 * Wraps a body so that each chunk the connection takes is reported (the idle timeout restarts)
 * and a failure of the caller's stream is remembered: fetch reports it as a bare `TypeError`,
 * and a mock server as a 500, so the exchange must know the body was at fault.
 * `highWaterMark: 0`: nothing is read before the connection asks for it.
 */
function guardBody(source: ReadableStream<Uint8Array> | Blob, onChunk: () => void): GuardedBody {
  // A Blob cannot fail half-way, nor tell how far it was sent.
  if (!(source instanceof ReadableStream)) return { body: source, failure: () => undefined };
  const reader = source.getReader();
  let failure: { readonly error: unknown } | undefined;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          failure = { error };
          controller.error(error);
          return;
        }
        onChunk();
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { body: stream, failure: () => failure };
}

/** A timer that fires when nothing happened for `milliseconds`; `touch` restarts it. */
function idleTimer(milliseconds: number, onIdle: () => void) {
  let timer = setTimeout(onIdle, milliseconds);
  return {
    touch(): void {
      clearTimeout(timer);
      timer = setTimeout(onIdle, milliseconds);
    },
    stop(): void {
      clearTimeout(timer);
    },
  };
}

function bodyError(error: unknown, context: ExchangeContext): Error {
  if (isStorageError(error)) return error;
  return new StorageClientError(
    `${describeExchange(context)} failed: the request body could not be read`,
    { cause: error },
  );
}

/** The caller's signal and the timeout's, as one. */
function combinedSignal(caller: AbortSignal | undefined, timeout: AbortController): AbortSignal {
  if (caller === undefined) return timeout.signal;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([caller, timeout.signal]);
  // Browsers before AbortSignal.any: forward the caller's abort to the timeout's controller.
  if (caller.aborted) timeout.abort(caller.reason);
  else caller.addEventListener('abort', () => timeout.abort(caller.reason), { once: true });
  return timeout.signal;
}

/** fetch's `RequestInit` with `duplex`, which TypeScript's DOM types do not all list yet. */
type StreamingInit = RequestInit & { duplex?: 'half' };

function send(settings: ExchangeSettings, url: string, init: StreamingInit): Promise<Response> {
  // Called on its owner: some browsers refuse a `fetch` detached from `globalThis`.
  return settings.fetch === undefined ? globalThis.fetch(url, init) : settings.fetch(url, init);
}

function streamingInit(
  request: ExchangeRequest,
  stream: OpenedStream,
  body: ReadableStream<Uint8Array> | Blob,
  signal: AbortSignal,
): StreamingInit {
  const init: StreamingInit = {
    method: request.method,
    headers: { ...request.headers, 'content-type': stream.contentType },
    body,
    // Following redirects makes fetch clone the request (the Fetch standard's HTTP-network-or-
    // cache fetch), and cloning tees the body: the unsent branch then holds every byte sent,
    // the whole upload (Node's undici). No storage API redirects an upload, and a stream body
    // could not follow one anyway.
    redirect: 'error',
    signal,
  };
  // Request streams need it; a Blob needs none (and older browsers refuse the option).
  if (body instanceof ReadableStream) init.duplex = 'half';
  return init;
}

/**
 * Sends a request with a streamed body through fetch (see the file comment). The per-attempt
 * timeout is an idle timeout: it restarts with each chunk the connection takes, then runs until
 * the response headers arrive, so a large upload that keeps moving is never cut short.
 *
 * @param settings Timeout, fetch, logger.
 * @param request The request; `stream` is set.
 * @param context The exchange, for messages.
 * @returns The successful (2xx) response, or one with a status of `acceptStatuses`.
 * @throws {StorageError} What the body's stream threw, when it threw one (a size limit).
 * @throws {StorageClientError} The body's stream failed otherwise (`cause` is its error).
 * @throws {StorageNetworkError} No HTTP answer: refused, DNS, idle timeout, abort.
 * @throws {StorageServerError} An HTTP error status, translated as `toStorageError` does.
 */
export async function exchangeStream(
  settings: ExchangeSettings,
  request: ExchangeRequest,
  context: ExchangeContext,
): Promise<Exchanged> {
  const stream = request.stream as OpenedStream;
  const started = Date.now();
  const timeout = new AbortController();
  const timer = idleTimer(settings.timeout, () => timeout.abort());
  const guarded = guardBody(stream.body, () => timer.touch());
  const signal = combinedSignal(request.signal, timeout);
  let response: Response;
  try {
    response = await send(
      settings,
      request.url,
      streamingInit(request, stream, guarded.body, signal),
    );
  } catch (error) {
    observeNoResponse(settings, context, started);
    throw await failureOf(error, guarded, timeout.signal, context);
  } finally {
    timer.stop();
  }
  const failure = guarded.failure();
  if (failure !== undefined) {
    // Whatever the server said, it did not get the whole body.
    response.body?.cancel().catch(() => undefined);
    throw bodyError(failure.error, context);
  }
  const info = observeResponse(settings, context, response, started);
  const accepted = request.acceptStatuses?.includes(response.status) === true;
  if (!response.ok && !accepted) throw await httpResponseError(response, context);
  return { response, info, context };
}

async function failureOf(
  error: unknown,
  guarded: GuardedBody,
  timeoutSignal: AbortSignal,
  context: ExchangeContext,
): Promise<Error> {
  const failure = guarded.failure();
  if (failure !== undefined) return bodyError(failure.error, context);
  if (timeoutSignal.aborted && context.signal?.aborted !== true) {
    return new StorageNetworkError(
      `${describeExchange(context)} timed out: nothing sent or received for ${context.timeout} ms`,
    );
  }
  return toStorageError(error, context);
}
