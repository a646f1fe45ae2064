// The demo's own small backend (node:http): it serves the built page and a three-route API.
// `GET /api/session` hands the page a short-lived token, never the client secret;
// `GET /api/countries` lists the served countries; `GET /api/stored?country=xx` shows records as
// the server stores them. A real application would put its own login in front of /api/session.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerClient } from './server-client.ts';
import { serveStaticFile } from './static-files.ts';

/** Options of `startDemoBackend`. */
export interface DemoBackendOptions {
  /** The port; 0 picks a free one. */
  readonly port: number;
  /** The built page's folder (absolute). */
  readonly pageDir: string;
}

/** A listening backend. */
export interface DemoBackend {
  /** The page's URL, e.g. `http://127.0.0.1:5180`. */
  readonly url: string;
  /** The origins the page may be opened at: the storage server must allow them by CORS. */
  readonly origins: readonly string[];
  /** Connects the API to the storage server; until then `/api/*` answers 503. */
  attach(client: ServerClient): void;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

const COUNTRY_PATTERN = /^[a-z]{2}$/;

function securityHeaders(endpoint: string | undefined): { [name: string]: string } {
  // The page may only talk to this backend and the storage server; no inline script or style,
  // so an injected string could never run.
  const connect = endpoint === undefined ? "'self'" : `'self' ${endpoint}`;
  return {
    'content-security-policy': [
      "default-src 'self'",
      `connect-src ${connect}`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  // Tokens and records must not linger in a cache.
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(body);
}

async function answerApi(
  url: URL,
  client: ServerClient | undefined,
  response: ServerResponse,
): Promise<void> {
  if (client === undefined) return sendJson(response, 503, { error: 'the demo is starting' });
  if (url.pathname === '/api/session') return sendJson(response, 200, await client.session());
  if (url.pathname === '/api/countries') return sendJson(response, 200, await client.countries());
  if (url.pathname === '/api/stored') {
    const country = url.searchParams.get('country') ?? '';
    if (!COUNTRY_PATTERN.test(country)) {
      return sendJson(response, 400, { error: 'country must be two lowercase letters' });
    }
    return sendJson(response, 200, { records: await client.storedRecords(country) });
  }
  sendJson(response, 404, { error: 'no such route' });
}

/** The host names the page may be reached at; anything else is refused, so a DNS-rebinding
 * page on another site cannot obtain a token through this backend. */
function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function listen(server: Server, options: DemoBackendOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the backend on 127.0.0.1 (this machine only). It serves the page at once and the API
 * after `attach`.
 *
 * @param options Port and the built page's folder.
 * @returns The listening backend.
 * @throws {Error} The port is taken or the address unusable.
 */
export async function startDemoBackend(options: DemoBackendOptions): Promise<DemoBackend> {
  let client: ServerClient | undefined;
  let endpoint: string | undefined;
  let hosts = new Set<string>();
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!hosts.has(request.headers.host ?? '')) {
      response.writeHead(421).end();
      return;
    }
    const headers = securityHeaders(endpoint);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) return answerApi(url, client, response);
    return serveStaticFile(request, response, options.pageDir, headers);
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Our own messages name a status, never a token or a record.
      console.error(`demo backend: ${(error as Error)?.message ?? 'error'}`);
      if (!response.headersSent) sendJson(response, 502, { error: 'the storage server failed' });
      else response.destroy();
    });
  });
  const port = await listen(server, options);
  hosts = allowedHosts(port);
  return {
    url: `http://127.0.0.1:${port}`,
    origins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    attach(serverClient: ServerClient): void {
      client = serverClient;
      endpoint = new URL(serverClient.endpoint).origin;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
