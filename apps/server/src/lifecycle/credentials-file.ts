// `<data>/credentials.json` (0600, rewritten atomically on every start) holds what a local SDK
// needs to reach this server as the development client: the ids, the secret and the URLs of the
// storage API, the token endpoint and the countries list.

import { join } from 'node:path';
import { COUNTRIES_PATH, TOKEN_PATH } from '@residency/protocol';
import type { NewClient } from '../environments/environment-registry.ts';
import { writeJsonFileAtomic } from '../files/atomic-file.ts';

/** The credentials file's name in the data folder. */
export const CREDENTIALS_FILE_NAME = 'credentials.json';

/** The content of `credentials.json`. */
export interface Credentials {
  readonly environmentId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The storage API base URL (the SDK's `endpoint`). */
  readonly endpoint: string;
  /** The token URL (the SDK's `authEndpoints.default`). */
  readonly authEndpoint: string;
  /** The countries list URL (the SDK's `countriesEndpoint`). */
  readonly countriesEndpoint: string;
}

/**
 * Builds the credentials of a client for a server URL.
 *
 * @param client The client.
 * @param url The server's base URL.
 * @returns The credentials.
 */
export function credentialsFor(client: NewClient, url: string): Credentials {
  const base = url.replace(/\/+$/, '');
  return {
    environmentId: client.environmentId,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    endpoint: base,
    authEndpoint: `${base}${TOKEN_PATH}`,
    countriesEndpoint: `${base}${COUNTRIES_PATH}`,
  };
}

/**
 * Writes `credentials.json` atomically with mode 0600.
 *
 * @param dataDir The data folder.
 * @param credentials The credentials.
 * @returns The file's path.
 */
export async function writeCredentialsFile(
  dataDir: string,
  credentials: Credentials,
): Promise<string> {
  const path = join(dataDir, CREDENTIALS_FILE_NAME);
  await writeJsonFileAtomic(path, credentials);
  return path;
}
