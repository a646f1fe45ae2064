// Puts an app on a socket with @hono/node-server: plain HTTP, or HTTPS when a certificate and
// key are given (node-server's `createServer: https.createServer`). `port: 0` lets the system
// pick a free port; the answer says which.

import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from './http/app-env.ts';
import { DEFAULT_SOCKET_LIMITS, type SocketLimitSettings } from './limits/limit-settings.ts';

/** TLS material, PEM. */
export interface TlsOptions {
  readonly cert: string | Uint8Array;
  readonly key: string | Uint8Array;
}

/** Options of `startServer`. */
export interface StartServerOptions {
  /** The app to serve (`createApp`). */
  readonly app: Hono<AppEnv>;
  /** The port; 0 (default) picks a free one. */
  readonly port?: number | undefined;
  /** The address to listen on; default `127.0.0.1` (this machine only). */
  readonly host?: string | undefined;
  /** Serve HTTPS with this certificate and key. */
  readonly tls?: TlsOptions | undefined;
  /** Socket timeouts and the connection cap; defaults in `DEFAULT_SOCKET_LIMITS`. */
  readonly limits?: Partial<SocketLimitSettings> | undefined;
}

/** A listening server. */
export interface RunningServer {
  /** The base URL, e.g. `http://127.0.0.1:8080` (a wildcard host is shown as 127.0.0.1). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops accepting connections and ends idle ones; resolves once closed. */
  close(): Promise<void>;
  /**
   * Stops accepting connections and lets requests in progress finish: idle connections are
   * closed at once and as they become idle; past the timeout every connection left is cut.
   * @param timeoutMs How long requests in progress may take, in milliseconds.
   * @returns Once every connection is closed: `cut` is true when the timeout cut some.
   */
  drain(timeoutMs: number): Promise<{ readonly cut: boolean }>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function pem(material: string | Uint8Array): string | Buffer {
  return typeof material === 'string' ? material : Buffer.from(material);
}

/**
 * Starts serving an app.
 *
 * @param options The app, the port, the host and TLS.
 * @returns The running server, once it listens.
 * @throws {Error} The port is taken or the address unusable (the listen error).
 * @example
 * ```ts
 * const server = await startServer({ app: createApp(options), port: 0 });
 * console.log(server.url);
 * await server.close();
 * ```
 */
export function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls;
  const limits = { ...DEFAULT_SOCKET_LIMITS, ...definedOnly(options.limits ?? {}) };
  const timeouts = {
    headersTimeout: limits.headersTimeoutSeconds * 1000,
    keepAliveTimeout: limits.keepAliveTimeoutSeconds * 1000,
    requestTimeout: limits.requestTimeoutSeconds * 1000,
    // Node checks both deadlines on this beat (default 30 s): check often enough to keep them.
    connectionsCheckingInterval: Math.min(limits.headersTimeoutSeconds * 250, 5_000),
  };
  const base = { fetch: options.app.fetch, port: options.port ?? 0, hostname: host };
  return new Promise((resolve, reject) => {
    const server =
      tls === undefined
        ? serve({ ...base, serverOptions: timeouts })
        : serve({
            ...base,
            createServer: createHttpsServer,
            serverOptions: { ...timeouts, cert: pem(tls.cert), key: pem(tls.key) },
          });
    if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const scheme = tls === undefined ? 'http' : 'https';
      resolve({
        url: `${scheme}://${urlHost(host)}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error === undefined ? done() : fail(error)));
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
        drain: (timeoutMs) => drainServer(server as NodeServer, timeoutMs),
      });
    });
  });
}

/** What `drainServer` needs of node:http's and node:https's servers. */
type NodeServer = {
  close(callback: (error?: Error) => void): void;
  closeIdleConnections(): void;
  closeAllConnections(): void;
};

/** How often a drain closes connections that became idle (a keep-alive after its answer). */
const IDLE_SWEEP_MS = 100;

async function drainServer(server: NodeServer, timeoutMs: number): Promise<{ cut: boolean }> {
  // A server already closed answers ERR_SERVER_NOT_RUNNING: drained all the same.
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((done) => {
    timer = setTimeout(() => done(true), timeoutMs);
  });
  const cut = await Promise.race([closed.then(() => false), timedOut]);
  clearInterval(sweep);
  clearTimeout(timer);
  if (cut) server.closeAllConnections();
  await closed;
  return { cut };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
