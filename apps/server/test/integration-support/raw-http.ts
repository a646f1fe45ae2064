// Raw HTTP to a running server, for what the SDK cannot send: malformed requests, our
// conditional-write extension, the same stored key in two environments.

import type { NewClient } from '../../src/index.ts';

/** A client's authorized requests to one server. */
export interface RawClient {
  /** The client's access token, fetched once. */
  token(): Promise<string>;
  /**
   * Sends a request with the client's token and `x-env-id`.
   * @param method The HTTP method.
   * @param path The path, e.g. `/v2/storage/records/de`.
   * @param body A value sent as JSON, or a string sent as it is.
   * @returns The response.
   */
  send(method: string, path: string, body?: unknown): Promise<Response>;
}

/**
 * Fetches an access token with the client-credentials grant, as the SDKs do (HTTP Basic).
 * @param url The server's base URL.
 * @param client The client.
 * @returns The access token.
 * @throws Error when the server refuses the client.
 */
export async function fetchToken(url: string, client: NewClient): Promise<string> {
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: client.environmentId }),
  });
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * A raw client of one server.
 * @param url The server's base URL.
 * @param client The client whose token and environment every request carries.
 * @returns The client.
 */
export function rawClient(url: string, client: NewClient): RawClient {
  let token: Promise<string> | undefined;
  const getToken = (): Promise<string> => {
    token ??= fetchToken(url, client);
    return token;
  };
  return {
    token: getToken,
    send: async (method, path, body) =>
      fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await getToken()}`,
          'x-env-id': client.environmentId,
          'content-type': 'application/json',
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
  };
}

/** What the token route answered a client: its status and `Retry-After`. */
export interface TokenAnswer {
  readonly status: number;
  readonly retryAfter: string | null;
}

/**
 * Asks for a token as a client (HTTP Basic) and reads only how the route answered.
 * @param url The server's base URL.
 * @param client The client.
 * @returns The status and `Retry-After`.
 */
export async function tokenAnswer(url: string, client: NewClient): Promise<TokenAnswer> {
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}
