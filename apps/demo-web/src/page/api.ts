// The page's calls to its own backend (same origin): a session to reach the storage server,
// the served countries, and records as the server stores them.
import type { PageSession, ServedCountry, StoredRecord } from '../backend/server-client.ts';

export type { PageSession, ServedCountry, StoredRecord };

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the demo backend answered ${path} with ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Asks the backend for a short-lived token; the client secret stays there.
 *
 * @returns The token, environment, endpoint and seconds left.
 * @throws {Error} The backend refused.
 */
export function fetchSession(): Promise<PageSession> {
  return getJson<PageSession>('/api/session');
}

/**
 * Lists the countries the storage server serves.
 *
 * @returns Code and name of each.
 * @throws {Error} The backend refused.
 */
export function fetchCountries(): Promise<ServedCountry[]> {
  return getJson<ServedCountry[]>('/api/countries');
}

/**
 * Reads the newest records of a country exactly as the server stores them.
 *
 * @param country A lowercase country code.
 * @returns The stored records, newest first.
 * @throws {Error} The backend refused.
 */
export async function fetchStoredRecords(country: string): Promise<StoredRecord[]> {
  const query = new URLSearchParams({ country });
  const { records } = await getJson<{ records: StoredRecord[] }>(`/api/stored?${query}`);
  return records;
}
