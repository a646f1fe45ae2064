// On first start (no environments yet) the server creates a `development` environment and
// client, so it works out of the box. That client's secret is kept in clear in
// `<data>/development-client.json` (0600), because `credentials.json` is rewritten on every start
// with the current URL — the trade-off of a development convenience: anyone who can read the data
// folder can use this client. Clients made by `env add` keep only the hash of their secret.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import type { EnvironmentDirectory, NewClient } from '../environments/environment-directory.ts';
import { writeJsonFileAtomic } from '../files/atomic-file.ts';

/** The file of the development client's secret, in the data folder. */
const DEVELOPMENT_CLIENT_FILE_NAME = 'development-client.json';

/** The id of the environment created on first start. */
export const DEVELOPMENT_ENVIRONMENT_ID = 'development';

const NewClientSchema = v.object({
  environmentId: v.string(),
  clientId: v.string(),
  clientSecret: v.string(),
});

/**
 * Creates the development environment and client when the registry has no environment. The
 * check and the add are one atomic change (the file's lock, or an advisory lock in PostgreSQL),
 * so of several copies starting at once on one control plane exactly one creates it and keeps
 * its secret in its own data folder.
 *
 * @param registry The environments (file or control plane).
 * @param dataDir The data folder.
 * @returns The new client, or `undefined` when environments existed already.
 */
export async function ensureDevelopmentClient(
  registry: EnvironmentDirectory,
  dataDir: string,
): Promise<NewClient | undefined> {
  if ((await registry.list()).length > 0) return undefined;
  const client = await registry.addFirstEnvironment(DEVELOPMENT_ENVIRONMENT_ID);
  if (client !== undefined) {
    await writeJsonFileAtomic(join(dataDir, DEVELOPMENT_CLIENT_FILE_NAME), client);
  }
  return client;
}

/**
 * Reads the development client's credentials.
 *
 * @param dataDir The data folder.
 * @returns The client, or `undefined` when its file is missing or malformed.
 */
export async function readDevelopmentClient(dataDir: string): Promise<NewClient | undefined> {
  try {
    const text = await readFile(join(dataDir, DEVELOPMENT_CLIENT_FILE_NAME), 'utf8');
    const result = v.safeParse(NewClientSchema, JSON.parse(text));
    return result.success ? result.output : undefined;
  } catch {
    return undefined;
  }
}
