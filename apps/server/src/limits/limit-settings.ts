// The server's protective limits, one table of defaults the config, `createApp` and
// `startServer` share. The defaults stop abuse without refusing real work: a guessing loop is
// stopped within its first 20 failures, while the project's suites and benches, the official
// SDKs' suites and `migrateAll` never meet a limit (per-environment concurrency is generous and
// queues before it refuses; deadlines apply to receiving a request, not to answering it).

/** Limits on failed token requests, on records traffic and on slow clients. */
export interface LimitSettings {
  /** Failed token requests per (client id, source address) within the window; 0 = no limit. */
  readonly tokenFailuresPerClient: number;
  /** Failed token requests per source address within the window; 0 = no limit. */
  readonly tokenFailuresPerAddress: number;
  /** The window, in seconds: counting starts at the first failure; refusals last until its end. */
  readonly tokenFailureWindowSeconds: number;
  /** Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the source; none default. */
  readonly trustedProxies: readonly string[];
  /** Records requests one environment may have in progress at once; 0 = no limit. */
  readonly environmentConcurrency: number;
  /** Records requests of one environment that may wait for a slot; more get 429. */
  readonly environmentQueue: number;
  /** Records requests in progress at once, all environments together, taken in turn by
   * environment so that one cannot starve another; 0 = no limit. */
  readonly recordsConcurrency: number;
  /** Seconds to receive a token request's body; 408 after. */
  readonly tokenBodyTimeoutSeconds: number;
  /** Seconds to receive a JSON request's body; 408 after. */
  readonly jsonBodyTimeoutSeconds: number;
  /** Seconds an attachment upload may go without a byte before the connection is closed. */
  readonly uploadIdleTimeoutSeconds: number;
}

/** The socket-level limits of `startServer`. */
export interface SocketLimitSettings {
  /** Seconds to receive a request's headers. */
  readonly headersTimeoutSeconds: number;
  /** Seconds an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutSeconds: number;
  /** Seconds to receive a whole request, any route: a backstop above the per-route deadlines,
   * long enough for the largest upload at a slow pace; 0 = none. */
  readonly requestTimeoutSeconds: number;
  /** Open connections at once; more are refused; 0 = no limit. */
  readonly maxConnections: number;
}

/** The defaults of `LimitSettings`. */
export const DEFAULT_LIMITS: LimitSettings = Object.freeze({
  tokenFailuresPerClient: 10,
  tokenFailuresPerAddress: 20,
  tokenFailureWindowSeconds: 60,
  trustedProxies: Object.freeze([]) as readonly string[],
  environmentConcurrency: 32,
  environmentQueue: 256,
  recordsConcurrency: 4,
  tokenBodyTimeoutSeconds: 10,
  jsonBodyTimeoutSeconds: 60,
  uploadIdleTimeoutSeconds: 60,
});

/** The defaults of `SocketLimitSettings`. */
export const DEFAULT_SOCKET_LIMITS: SocketLimitSettings = Object.freeze({
  headersTimeoutSeconds: 20,
  // Longer than clients keep an idle socket (Node's global agent 5 s, undici 4 s): at equal
  // times a client could reuse a socket the server was closing (an ECONNRESET of the official
  // Node SDK, seen once under load).
  keepAliveTimeoutSeconds: 10,
  requestTimeoutSeconds: 3600,
  maxConnections: 4096,
});
