// The backend's side of the storage server: the one place that holds the client secret. It
// exchanges the client credentials for short-lived access tokens (OAuth 2.0 client credentials,
// RFC 6749 §4.4), lists the served countries, and reads records as the server stores them for
// the page's "what the server holds" view. Plain fetch, no SDK: the raw view must look past it.
import type { Credentials } from '@residency/server/launch';

/** What the page receives to reach the storage server: never the client secret. */
export interface PageSession {
  /** A bearer token for the storage API, scoped to one environment. */
  readonly token: string;
  readonly environmentId: string;
  /** The storage API base URL. */
  readonly endpoint: string;
  /** Seconds the token stays valid from now. */
  readonly expiresIn: number;
}

/** A country the server serves. */
export interface ServedCountry {
  /** Lowercase ISO 3166-1 alpha-2 code. */
  readonly code: string;
  readonly name: string;
}

/** A record exactly as the server stores it: hashed keys, encrypted body. */
export interface StoredRecord {
  readonly record_key: string;
  readonly key1: string | null;
  readonly body: string | null;
  readonly version: number;
  readonly created_at: string;
  readonly attachments: readonly { readonly filename: string; readonly size: number }[];
}

/** A token is reused while it has at least this many seconds left. */
const TOKEN_REUSE_MARGIN_SECONDS = 60;
/** How many records the raw view lists, newest first. */
const STORED_RECORDS_LIMIT = 20;

interface CachedToken {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

function isTokenResponse(value: unknown): value is { access_token: string; expires_in: number } {
  const candidate = value as { access_token?: unknown; expires_in?: unknown } | null;
  return (
    typeof candidate?.access_token === 'string' &&
    typeof candidate.expires_in === 'number' &&
    candidate.expires_in > 0
  );
}

/** Talks to the storage server with the development client's credentials. */
export class ServerClient {
  readonly #credentials: Credentials;
  #cached: CachedToken | undefined;

  /**
   * @param credentials What the server wrote to `credentials.json`.
   */
  constructor(credentials: Credentials) {
    this.#credentials = credentials;
  }

  /** The storage API base URL, which the page calls directly. */
  get endpoint(): string {
    return this.#credentials.endpoint;
  }

  /**
   * A session for the page: a token with at least a minute left, fetched when needed.
   *
   * @returns The token, the environment, the endpoint and the seconds left.
   * @throws {Error} The token endpoint refused (its status only: the answer may echo input).
   */
  async session(): Promise<PageSession> {
    const now = Date.now();
    if (
      this.#cached === undefined ||
      this.#cached.expiresAt - now < TOKEN_REUSE_MARGIN_SECONDS * 1000
    ) {
      this.#cached = await this.#fetchToken(now);
    }
    return {
      token: this.#cached.token,
      environmentId: this.#credentials.environmentId,
      endpoint: this.#credentials.endpoint,
      expiresIn: Math.floor((this.#cached.expiresAt - now) / 1000),
    };
  }

  /**
   * The countries the server serves (its public `GET /countries`).
   *
   * @returns Code and name of each.
   * @throws {Error} The server refused.
   */
  async countries(): Promise<ServedCountry[]> {
    const response = await fetch(this.#credentials.countriesEndpoint);
    if (!response.ok) throw new Error(`the countries list failed with status ${response.status}`);
    const { countries } = (await response.json()) as { countries: { id: string; name: string }[] };
    return countries.map((country) => ({ code: country.id.toLowerCase(), name: country.name }));
  }

  /**
   * The newest records of a country as stored, through the server's own find API.
   *
   * @param country A lowercase country code the server serves.
   * @returns Up to 20 records, newest first, with the fields the page shows.
   * @throws {Error} The server refused.
   */
  async storedRecords(country: string): Promise<StoredRecord[]> {
    const { token } = await this.session();
    const url = `${this.#credentials.endpoint}/v2/storage/records/${country}/find`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-env-id': this.#credentials.environmentId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        filter: {},
        options: { limit: STORED_RECORDS_LIMIT, offset: 0, sort: [{ updated_at: 'desc' }] },
      }),
    });
    if (!response.ok) throw new Error(`find failed with status ${response.status}`);
    const { data } = (await response.json()) as { data: StoredRecord[] };
    return data.map((record) => ({
      record_key: record.record_key,
      key1: record.key1,
      body: record.body,
      version: record.version,
      created_at: record.created_at,
      attachments: record.attachments.map(({ filename, size }) => ({ filename, size })),
    }));
  }

  async #fetchToken(now: number): Promise<CachedToken> {
    const { clientId, clientSecret, environmentId, authEndpoint } = this.#credentials;
    const response = await fetch(authEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: environmentId }),
    });
    if (!response.ok) throw new Error(`the token request failed with status ${response.status}`);
    const answer: unknown = await response.json();
    if (!isTokenResponse(answer)) throw new Error('the token endpoint answered without a token');
    return { token: answer.access_token, expiresAt: now + answer.expires_in * 1000 };
  }
}
