// What the server actually holds, read over its own API with a token, as an operator would:
// hashes where the application has keys, ciphertext where it has bodies. Plain fetch, no SDK:
// the point is to look past the SDK.
import type { Credentials } from '@residency/server/launch';

/** A stored record as the server returns it, the fields the demo shows. */
export interface RawRecord {
  readonly record_key: string;
  readonly body: string | null;
  readonly key1: string | null;
  readonly version: number;
}

async function token(credentials: Credentials): Promise<string> {
  const basic = btoa(`${credentials.clientId}:${credentials.clientSecret}`);
  const response = await fetch(credentials.authEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: credentials.environmentId,
    }),
  });
  if (!response.ok) throw new Error(`token request failed with status ${response.status}`);
  const { access_token: accessToken } = (await response.json()) as { access_token: string };
  return accessToken;
}

/**
 * Lists the records of one country as stored, newest first.
 *
 * @param credentials The server's credentials.
 * @param country The country code.
 * @param limit How many records; default 3.
 * @returns The stored records.
 * @throws Error when the server refuses.
 */
export async function storedRecords(
  credentials: Credentials,
  country: string,
  limit = 3,
): Promise<RawRecord[]> {
  const response = await fetch(`${credentials.endpoint}/v2/storage/records/${country}/find`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await token(credentials)}`,
      'x-env-id': credentials.environmentId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      filter: {},
      options: { limit, offset: 0, sort: [{ updated_at: 'desc' }] },
    }),
  });
  if (!response.ok) throw new Error(`find failed with status ${response.status}`);
  const { data } = (await response.json()) as { data: RawRecord[] };
  return data;
}
