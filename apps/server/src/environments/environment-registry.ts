// The registry answers "which environment does this client belong to" and "does this
// environment exist" from `environments.json`, re-reading it whenever its identity (inode, size,
// mtime) changes: `residency-server env add` replaces the file by rename, so a running server
// sees a new environment on its next request, without a restart.

import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  clientSecretMatches,
  generateClientSecret,
  hashClientSecret,
} from '../auth/client-secret.ts';
import {
  ENVIRONMENT_ID_PATTERN,
  ENVIRONMENTS_FILE_NAME,
  type Environment,
  type EnvironmentsFile,
  readEnvironmentsFile,
  writeEnvironmentsFile,
} from './environment-file.ts';

/** A client as created: the only moment its secret exists in clear. */
export interface NewClient {
  readonly environmentId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Options of `EnvironmentRegistry.addEnvironment`. */
export interface AddEnvironmentOptions {
  /** SSE: store `key1..20` in plain text (enables `$like`, `search_keys`, sorting). */
  readonly plainSearchKeys?: boolean | undefined;
}

// A hash no secret produces, compared against when the client is unknown so that the answer
// takes as long as for a known client with a wrong secret.
const UNKNOWN_CLIENT_HASH = '0'.repeat(64);

/** The environments and clients of one data folder. */
export class EnvironmentRegistry {
  /** The environments file. */
  readonly path: string;
  #snapshot: EnvironmentsFile = { version: 1, environments: [] };
  #identity = '';

  /**
   * @param path The environments file (`<data folder>/environments.json`).
   */
  constructor(path: string) {
    this.path = path;
  }

  /**
   * Makes the registry of a data folder.
   *
   * @param dataDir The data folder.
   * @returns The registry of `<dataDir>/environments.json`.
   */
  static forDataDir(dataDir: string): EnvironmentRegistry {
    return new EnvironmentRegistry(join(dataDir, ENVIRONMENTS_FILE_NAME));
  }

  /**
   * Lists the environments, re-reading the file if it changed.
   *
   * @returns The environments.
   * @throws {Error} The file is unreadable or invalid.
   */
  async list(): Promise<readonly Environment[]> {
    return (await this.#current()).environments;
  }

  /**
   * Finds an environment.
   *
   * @param id The environment id.
   * @returns The environment, or `undefined`.
   */
  async environment(id: string): Promise<Environment | undefined> {
    return (await this.list()).find((environment) => environment.id === id);
  }

  /**
   * Checks a client's credentials.
   *
   * @param clientId The client id.
   * @param clientSecret The secret it presented.
   * @returns The client's environment, or `undefined` when the client is unknown or the secret
   *   wrong (the two take the same time).
   */
  async authenticate(clientId: string, clientSecret: string): Promise<Environment | undefined> {
    for (const environment of await this.list()) {
      const client = environment.clients.find((candidate) => candidate.id === clientId);
      if (client !== undefined) {
        return clientSecretMatches(clientSecret, client.secretHash) ? environment : undefined;
      }
    }
    clientSecretMatches(clientSecret, UNKNOWN_CLIENT_HASH);
    return undefined;
  }

  /**
   * Adds an environment with one client and saves the file.
   *
   * @param id The environment id (1–64 of letters, digits, `.`, `_`, `-`).
   * @param options `plainSearchKeys` for SSE search.
   * @returns The new client, with its secret (shown once, kept only as a hash).
   * @throws {Error} The id is malformed or taken.
   */
  async addEnvironment(id: string, options: AddEnvironmentOptions = {}): Promise<NewClient> {
    if (!ENVIRONMENT_ID_PATTERN.test(id)) {
      throw new Error('environment id must be 1 to 64 letters, digits, ".", "_" or "-"');
    }
    const current = await this.#current();
    if (current.environments.some((environment) => environment.id === id)) {
      throw new Error(`environment ${id} exists already`);
    }
    const clientId = `${id.slice(0, 40)}-${randomBytes(8).toString('hex')}`;
    const clientSecret = generateClientSecret();
    const createdAt = new Date().toISOString();
    const environment: Environment = {
      id,
      plainSearchKeys: options.plainSearchKeys ?? false,
      createdAt,
      clients: [{ id: clientId, secretHash: hashClientSecret(clientSecret), createdAt }],
    };
    await writeEnvironmentsFile(this.path, {
      version: 1,
      environments: [...current.environments, environment],
    });
    return { environmentId: id, clientId, clientSecret };
  }

  async #current(): Promise<EnvironmentsFile> {
    const identity = await fileIdentity(this.path);
    if (identity !== this.#identity) {
      this.#snapshot = await readEnvironmentsFile(this.path);
      this.#identity = identity;
    }
    return this.#snapshot;
  }
}

async function fileIdentity(path: string): Promise<string> {
  try {
    const stats = await stat(path, { bigint: true });
    return `${stats.ino}:${stats.size}:${stats.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
