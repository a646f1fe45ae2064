// One records call as the transport sees it: the caller's country, headers and signal on every
// request, `X-Encrypted-Storage` in SSE mode, every response's info kept for debug mode, and one
// log line per call. Validation happens before a call starts, so a call only ever sends.

import type {
  HttpMethod,
  HttpResponseInfo,
  Logger,
  RawTransportResponse,
  ResponseSchema,
  StreamBody,
  Transport,
} from '@residency/transport';
import type * as v from 'valibot';
import type { ParsedRequestOptions } from './request-options-input.ts';

/** What every call of one storage shares. */
export interface StorageCallSettings {
  /** The HTTP client. */
  readonly transport: Transport;
  /** Receives one debug line per call; silent when omitted. */
  readonly logger?: Logger | undefined;
  /** Sends `X-Encrypted-Storage: true` on every request (SSE mode, protocol.md §5.3). */
  readonly encryptedStorage: boolean;
}

/** One request of a call: method and path; the call adds country, headers and signal. */
export interface CallRequest {
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The path after the records prefix (`''`, `/find`, `/<key>`), or after the host. */
  readonly path: string;
  /** `false` to resolve `path` against the host (`/healthcheck`). */
  readonly recordsPath?: boolean;
  /** How log lines and error messages name `path` when it holds a raw record key (SSE). */
  readonly pathLabel?: string;
  /** The JSON body, if any. */
  readonly json?: unknown;
  /** A streamed body (an upload), sent without buffering; excludes `json`. */
  readonly stream?: StreamBody;
  /** Error statuses answered as responses instead of thrown (`[412]` for a conditional write). */
  readonly acceptStatuses?: readonly number[];
}

/** Names a call for its log line and carries what every request of it needs. */
export interface CallDescription {
  /** The method name, e.g. `find`. */
  readonly name: string;
  /** The validated, lower-case country code. */
  readonly country: string;
  /** The validated request options. */
  readonly requestOptions: ParsedRequestOptions;
}

/** The requests of one records call, with the response info of each kept for debug mode. */
export class StorageCall {
  /** The info of every response received, oldest first. */
  readonly responses: HttpResponseInfo[] = [];
  readonly #settings: StorageCallSettings;
  readonly #description: CallDescription;

  /**
   * Starts a call.
   *
   * @param settings Transport and SSE flag.
   * @param description Name, country and request options.
   */
  constructor(settings: StorageCallSettings, description: CallDescription) {
    this.#settings = settings;
    this.#description = description;
  }

  /**
   * Sends a request and validates the JSON answer with `schema`.
   *
   * @param request Method, path and body.
   * @param schema The wire schema of the answer.
   * @returns The validated body.
   * @throws The transport's errors (see `Transport.request`).
   */
  async request<TSchema extends ResponseSchema>(
    request: CallRequest,
    schema: TSchema,
  ): Promise<v.InferOutput<TSchema>> {
    const { data, info } = await this.#settings.transport.request({
      ...this.#common(),
      ...request,
      schema,
    });
    this.responses.push(info);
    return data;
  }

  /**
   * Sends a request whose answer body is not read (delete, batch delete, health check).
   *
   * @param request Method, path and body.
   * @returns The response info.
   * @throws The transport's errors (see `Transport.requestRaw`).
   */
  async send(request: CallRequest): Promise<HttpResponseInfo> {
    const { response, info } = await this.#settings.transport.requestRaw({
      ...this.#common(),
      ...request,
    });
    this.responses.push(info);
    // Nobody reads the body; cancelling frees the connection. Not awaited: some streams
    // settle the cancel only once the peer has finished sending.
    response.body?.cancel().catch(() => undefined);
    return info;
  }

  /**
   * Sends a request and returns the response with its body unread, for the caller to stream
   * (a download) or to read as it needs (an accepted error status).
   *
   * @param request Method, path and body.
   * @returns The response and its info.
   * @throws The transport's errors (see `Transport.requestRaw`).
   */
  async fetch(request: CallRequest): Promise<RawTransportResponse> {
    const raw = await this.#settings.transport.requestRaw({ ...this.#common(), ...request });
    this.responses.push(raw.info);
    return raw;
  }

  #common() {
    const { country, requestOptions } = this.#description;
    return {
      country,
      headers: requestOptions.headers,
      signal: requestOptions.signal,
      encryptedStorage: this.#settings.encryptedStorage,
    };
  }
}

/** What a finished call returns: its value and the response info of its requests. */
export interface CallOutcome<TValue> {
  /** What the call's body returned. */
  readonly value: TValue;
  /** The info of every response, oldest first. */
  readonly responses: readonly HttpResponseInfo[];
}

/**
 * Runs one records call: gives `body` a `StorageCall`, then logs one debug line with the
 * method name, country, duration and record count (never keys, bodies or filter values).
 *
 * @param settings Transport, logger and SSE flag.
 * @param description Name, country and request options.
 * @param body Sends the requests and builds the value.
 * @param countRecords How many records the value holds, for the log line.
 * @returns The value and the responses.
 * @throws Whatever `body` throws, after logging the error's class name.
 */
export async function runStorageCall<TValue>(
  settings: StorageCallSettings,
  description: CallDescription,
  body: (call: StorageCall) => Promise<TValue>,
  countRecords: (value: TValue) => number,
): Promise<CallOutcome<TValue>> {
  const call = new StorageCall(settings, description);
  const started = Date.now();
  const meta = () => ({ country: description.country, durationMs: Date.now() - started });
  try {
    const value = await body(call);
    settings.logger?.debug(`RecordStorage.${description.name}`, {
      ...meta(),
      records: countRecords(value),
    });
    return { value, responses: call.responses };
  } catch (error) {
    // The class name only: a message is safe, but a cause may hold what the caller sent.
    const errorName = error instanceof Error ? error.name : typeof error;
    settings.logger?.debug(`RecordStorage.${description.name} failed`, {
      ...meta(),
      error: errorName,
    });
    throw error;
  }
}
