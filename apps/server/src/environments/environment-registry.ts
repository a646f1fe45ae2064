// The registry answers "which environment does this client belong to" and "does this
// environment exist" from `environments.json`, re-reading it whenever its identity (inode, size,
// mtime) changes: `residency-server env add` replaces the file by rename, so a running server
// sees a new environment on its next request, without a restart. Every change (add, rotate,
// remove) is a read-modify-write of the file under its lock, so concurrent commands and a
// starting server never drop each other's changes.

import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  clientSecretMatches,
  generateClientSecret,
  hashClientSecret,
} from '../auth/client-secret.ts';
import { withFileLock } from '../files/file-lock.ts';
import {
  ENVIRONMENT_ID_PATTERN,
  ENVIRONMENTS_FILE_NAME,
  type Environment,
  type EnvironmentClient,
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

/** An environment as `residency-server env list` shows it: no secret hashes. */
export interface EnvironmentSummary {
  readonly environmentId: string;
  readonly plainSearchKeys: boolean;
  readonly createdAt: string;
  readonly clients: readonly { readonly clientId: string; readonly createdAt: string }[];
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
    return this.#change((environments) => {
      if (environments.some((environment) => environment.id === id)) {
        throw new Error(`environment ${id} exists already`);
      }
      const clientId = `${id.slice(0, 40)}-${randomBytes(8).toString('hex')}`;
      const clientSecret = generateClientSecret();
      const createdAt = new Date().toISOString();
      const client = { id: clientId, secretHash: hashClientSecret(clientSecret), createdAt };
      const environment: Environment = {
        id,
        plainSearchKeys: options.plainSearchKeys ?? false,
        createdAt,
        clients: [{ ...client, generation: 0 }],
      };
      return {
        environments: [...environments, environment],
        result: { environmentId: id, clientId, clientSecret },
      };
    });
  }

  /**
   * Gives a client of an environment a new secret; the old secret and every token issued
   * before stop working (the client's generation, which tokens carry, goes up).
   *
   * @param id The environment id.
   * @param clientId The client; default the environment's only client.
   * @returns The client with its new secret (shown once, kept only as a hash).
   * @throws {Error} The environment or the client does not exist, or `clientId` is missing
   *   while the environment has several clients.
   */
  async rotateSecret(id: string, clientId?: string): Promise<NewClient> {
    return this.#change((environments) => {
      const environment = environments.find((candidate) => candidate.id === id);
      if (environment === undefined) throw new Error(`environment ${id} does not exist`);
      const client = pickClient(environment, clientId);
      const clientSecret = generateClientSecret();
      const rotated: EnvironmentClient = {
        ...client,
        secretHash: hashClientSecret(clientSecret),
        generation: client.generation + 1,
      };
      const clients = environment.clients.map((each) => (each.id === client.id ? rotated : each));
      return {
        environments: environments.map((each) =>
          each === environment ? { ...each, clients } : each,
        ),
        result: { environmentId: id, clientId: client.id, clientSecret },
      };
    });
  }

  /**
   * Removes an environment and its clients; their tokens stop working at once. The records it
   * stored stay in the country databases.
   *
   * @param id The environment id.
   * @returns When the file is saved.
   * @throws {Error} The environment does not exist.
   */
  async removeEnvironment(id: string): Promise<void> {
    await this.#change((environments) => {
      if (!environments.some((environment) => environment.id === id)) {
        throw new Error(`environment ${id} does not exist`);
      }
      return {
        environments: environments.filter((environment) => environment.id !== id),
        result: undefined,
      };
    });
  }

  /**
   * Lists the environments and their clients without secret hashes.
   *
   * @returns One summary per environment.
   * @throws {Error} The file is unreadable or invalid.
   */
  async summaries(): Promise<readonly EnvironmentSummary[]> {
    return (await this.list()).map((environment) => ({
      environmentId: environment.id,
      plainSearchKeys: environment.plainSearchKeys,
      createdAt: environment.createdAt,
      clients: environment.clients.map(({ id, createdAt }) => ({ clientId: id, createdAt })),
    }));
  }

  // Reads the file afresh under its lock (the cached snapshot may be a change behind), applies
  // the change and writes the file before the lock is released.
  async #change<T>(
    change: (environments: readonly Environment[]) => {
      environments: readonly Environment[];
      result: T;
    },
  ): Promise<T> {
    return withFileLock(this.path, async () => {
      const current = await readEnvironmentsFile(this.path);
      const next = change(current.environments);
      await writeEnvironmentsFile(this.path, { version: 1, environments: next.environments });
      return next.result;
    });
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

function pickClient(environment: Environment, clientId: string | undefined): EnvironmentClient {
  if (clientId === undefined) {
    const [only, ...others] = environment.clients;
    if (only === undefined) throw new Error(`environment ${environment.id} has no client`);
    if (others.length > 0) {
      throw new Error(`environment ${environment.id} has several clients: name one with --client`);
    }
    return only;
  }
  const client = environment.clients.find(({ id }) => id === clientId);
  if (client === undefined) {
    throw new Error(`environment ${environment.id} has no client ${clientId}`);
  }
  return client;
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
