// The registry answers "which environment does this client belong to" and "does this
// environment exist" from `environments.json`, re-reading it whenever its identity (inode, size,
// mtime) changes: `residency-server env add` replaces the file by rename, so a running server
// sees a new environment on its next request, without a restart. Every change (add, rotate,
// remove) is a read-modify-write of the file under its lock, so concurrent commands and a
// starting server never drop each other's changes.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { generateClientSecret, hashClientSecret } from '../auth/client-secret.ts';
import { withFileLock } from '../files/file-lock.ts';
import type {
  AddEnvironmentOptions,
  EnvironmentDirectory,
  EnvironmentSummary,
  NewClient,
} from './environment-directory.ts';
import {
  ENVIRONMENTS_FILE_NAME,
  type Environment,
  type EnvironmentClient,
  type EnvironmentsFile,
  readEnvironmentsFile,
  writeEnvironmentsFile,
} from './environment-file.ts';
import {
  authenticateIn,
  checkEnvironmentId,
  newClientOf,
  pickClient,
  summariesOf,
} from './environment-rules.ts';

export type {
  AddEnvironmentOptions,
  EnvironmentSummary,
  NewClient,
} from './environment-directory.ts';

/** The environments and clients of one data folder (`environments.json`). */
export class EnvironmentRegistry implements EnvironmentDirectory {
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
   * Finds an environment; the file is re-read on every change, so this is `environment`.
   *
   * @param id The environment id.
   * @returns The environment, or `undefined`.
   */
  latestEnvironment(id: string): Promise<Environment | undefined> {
    return this.environment(id);
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
    return authenticateIn(await this.list(), clientId, clientSecret);
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
    checkEnvironmentId(id);
    return this.#change((environments) => withNewEnvironment(environments, id, options));
  }

  /**
   * Adds an environment when the file has none, under the file's lock.
   *
   * @param id The environment id.
   * @returns The new client, or `undefined` when environments existed.
   * @throws {Error} The id is malformed.
   */
  async addFirstEnvironment(id: string): Promise<NewClient | undefined> {
    checkEnvironmentId(id);
    return this.#change((environments) =>
      environments.length > 0
        ? { environments: undefined, result: undefined }
        : withNewEnvironment(environments, id, {}),
    );
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
    return summariesOf(await this.list());
  }

  // Reads the file afresh under its lock (the cached snapshot may be a change behind), applies
  // the change and writes the file before the lock is released.
  async #change<T>(
    change: (environments: readonly Environment[]) => {
      // `undefined`: nothing changed, nothing to write.
      environments: readonly Environment[] | undefined;
      result: T;
    },
  ): Promise<T> {
    return withFileLock(this.path, async () => {
      const current = await readEnvironmentsFile(this.path);
      const next = change(current.environments);
      if (next.environments !== undefined) {
        await writeEnvironmentsFile(this.path, { version: 1, environments: next.environments });
      }
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

function withNewEnvironment(
  environments: readonly Environment[],
  id: string,
  options: AddEnvironmentOptions,
): { environments: readonly Environment[]; result: NewClient } {
  if (environments.some((environment) => environment.id === id)) {
    throw new Error(`environment ${id} exists already`);
  }
  const { client, clientSecret } = newClientOf(id);
  const environment: Environment = {
    id,
    plainSearchKeys: options.plainSearchKeys ?? false,
    createdAt: client.createdAt,
    clients: [client],
  };
  return {
    environments: [...environments, environment],
    result: { environmentId: id, clientId: client.id, clientSecret },
  };
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
