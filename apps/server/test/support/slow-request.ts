// A request whose body is sent in two parts, the second when the test says: it stays in flight
// (its handler waiting for the body) for as long as the test needs, on a real socket.

import { request as httpRequest } from 'node:http';

/** The answer of a request, or how its connection ended without one. */
export interface SlowAnswer {
  readonly status: number;
  /** The `Connection` header of the answer, if any. */
  readonly connection: string | undefined;
  readonly body: string;
}

/** A request in flight. */
export interface SlowRequest {
  /** Resolves once the server has received the first part's bytes on its socket. */
  readonly sent: Promise<void>;
  /** Sends the rest of the body and resolves with the answer; rejects when the socket is cut. */
  finish(rest: string): Promise<SlowAnswer>;
  /** The answer, or the connection's error; for requests never finished. */
  readonly answer: Promise<SlowAnswer>;
}

/**
 * Starts a POST whose body is `first + rest`, sending only `first` now.
 * @param url The server's base URL.
 * @param path The path.
 * @param headers The headers (a Content-Length for the whole body is added).
 * @param first The body's first part.
 * @param total The whole body's length in bytes.
 * @returns The request in flight.
 */
export function startSlowRequest(
  url: string,
  path: string,
  headers: Record<string, string>,
  first: string,
  total: number,
): SlowRequest {
  const { hostname, port } = new URL(url);
  const outgoing = httpRequest({
    host: hostname,
    port: Number(port),
    path,
    method: 'POST',
    agent: false,
    headers: { ...headers, 'content-length': String(total) },
  });
  const answer = new Promise<SlowAnswer>((resolve, reject) => {
    outgoing.once('error', reject);
    outgoing.once('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.once('error', reject);
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          connection: response.headers.connection,
          body,
        }),
      );
    });
  });
  answer.catch(() => undefined);
  const sent = new Promise<void>((resolve) => {
    outgoing.flushHeaders();
    outgoing.write(first, () => resolve());
  });
  return {
    sent,
    answer,
    finish: (rest) => {
      outgoing.end(rest);
      return answer;
    },
  };
}
