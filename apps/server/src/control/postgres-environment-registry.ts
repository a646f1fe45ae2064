// The environments and clients in the control schema, for many copies of the server on one
// PostgreSQL. Every change is one transaction that also bumps the change counter and sends a
// NOTIFY (delivered on commit); a copy keeps the environments in memory with the change count
// they were read at, and re-reads them only when told of a later count (`markChanged`, from its
// ControlWatcher), so a request costs no query and one change one read, however many notices
// (NOTIFY and poll) announce it. Without a watcher (the CLI) every read goes to the database.
// A notice can come late (a loaded copy, a cut LISTEN connection waiting for the poll), so a
// client the snapshot does not know, or knows with another secret or generation, is looked up
// once more after reading the change counter (one small query, shared by every request that
// misses at the same time): a client added or rotated on another copy a moment ago is served at
// once, and an unknown one costs no reload while nothing changed.

import { generateClientSecret, hashClientSecret } from '../auth/client-secret.ts';
import type {
  AddEnvironmentOptions,
  EnvironmentDirectory,
  EnvironmentSummary,
  NewClient,
} from '../environments/environment-directory.ts';
import { ENVIRONMENT_ID_PATTERN, type Environment } from '../environments/environment-file.ts';
import {
  authenticateIn,
  checkEnvironmentId,
  newClientOf,
  pickClient,
  summariesOf,
} from '../environments/environment-rules.ts';
import type { SqlClient, SqlQueryable } from '../store/sql-client.ts';
import { CONTROL_CHANNEL, CONTROL_LOCKS, CONTROL_SCHEMA } from './control-schema.ts';
import { readEnvironments } from './read-environments.ts';

/** Options of `PostgresEnvironmentRegistry`. */
export interface PostgresEnvironmentRegistryOptions {
  /**
   * Keep the environments in memory until `markChanged` announces a later change count; a
   * watcher must then call it on every change. Default `false`: every read queries the database.
   */
  readonly cached?: boolean | undefined;
}

/** The environments and clients of the PostgreSQL control plane. */
export class PostgresEnvironmentRegistry implements EnvironmentDirectory {
  readonly #client: SqlClient;
  readonly #cached: boolean;
  #snapshot: readonly Environment[] | undefined;
  #loading: Promise<readonly Environment[]> | undefined;
  // The highest change count announced, and the one the snapshot was read at (or after).
  #announced = 0;
  #loadedVersion = -1;
  #loads = 0;
  #checks = 0;
  // The counter check running, and the one queued behind it (see `#latest`).
  #checking: Promise<readonly Environment[]> | undefined;
  #queued: Promise<readonly Environment[]> | undefined;

  /**
   * @param client The control database (its schema made by `ensureControlSchema`); the
   *   control plane that made it closes it.
   * @param options `cached` for a server with a watcher.
   */
  constructor(client: SqlClient, options: PostgresEnvironmentRegistryOptions = {}) {
    this.#client = client;
    this.#cached = options.cached ?? false;
  }

  /** How many times the environments were read from the database (to measure the cache). */
  get loads(): number {
    return this.#loads;
  }

  /** How many times a miss read the change counter (to measure the look-up on a miss). */
  get checks(): number {
    return this.#checks;
  }

  /**
   * Announces a change count: when later than the snapshot's, the next read queries the
   * database.
   * @param version The change count seen (NOTIFY payload, poll, or this copy's own change).
   */
  markChanged(version: number): void {
    this.#announced = Math.max(this.#announced, version);
  }

  /**
   * Lists the environments, from memory while nothing changed.
   * @returns The environments.
   * @throws The driver's error when the database cannot be read.
   */
  async list(): Promise<readonly Environment[]> {
    if (!this.#cached) return this.#load();
    let snapshot = this.#snapshot;
    // A read already running may have started before the announced change: wait for it, and
    // read once more when its snapshot is still older than what was announced (not more: a
    // counter that went back, a control database made anew, must not spin).
    for (let reads = 0; reads < 2; reads++) {
      if (snapshot !== undefined && this.#announced <= this.#loadedVersion) break;
      this.#loading ??= this.#refresh().finally(() => {
        this.#loading = undefined;
      });
      snapshot = await this.#loading;
    }
    return snapshot as readonly Environment[];
  }

  /**
   * Finds an environment.
   * @param id The environment id.
   * @returns The environment, or `undefined`.
   */
  async environment(id: string): Promise<Environment | undefined> {
    return (await this.list()).find((environment) => environment.id === id);
  }

  /**
   * Finds an environment as the control plane holds it now: the snapshot, unless the change
   * counter says a change came after it.
   * @param id The environment id.
   * @returns The environment, or `undefined`.
   * @throws The driver's error when the database cannot be read.
   */
  async latestEnvironment(id: string): Promise<Environment | undefined> {
    const environments = this.#cached ? await this.#latest() : await this.#load();
    return environments.find((environment) => environment.id === id);
  }

  /**
   * Checks a client's credentials in constant time; on a miss, once more against the control
   * plane as it is now (a client added or rotated on another copy a moment ago).
   * @param clientId The client id.
   * @param clientSecret The secret presented.
   * @returns The client's environment, or `undefined` (unknown and wrong alike, after the same
   *   look-up).
   */
  async authenticate(clientId: string, clientSecret: string): Promise<Environment | undefined> {
    const found = authenticateIn(await this.list(), clientId, clientSecret);
    if (found !== undefined || !this.#cached) return found;
    return authenticateIn(await this.#latest(), clientId, clientSecret);
  }

  /**
   * Adds an environment with one client, in one transaction.
   * @param id The environment id.
   * @param options `plainSearchKeys`.
   * @returns The new client with its secret.
   * @throws {Error} The id is malformed or taken.
   */
  async addEnvironment(id: string, options: AddEnvironmentOptions = {}): Promise<NewClient> {
    checkEnvironmentId(id);
    return this.#change((transaction) => insertEnvironment(transaction, id, options));
  }

  /**
   * Adds an environment when the control plane has none, under an advisory lock.
   * @param id The environment id.
   * @returns The new client, or `undefined` when environments existed.
   * @throws {Error} The id is malformed.
   */
  async addFirstEnvironment(id: string): Promise<NewClient | undefined> {
    checkEnvironmentId(id);
    return this.#change(async (transaction) => {
      await transaction.query('SELECT pg_advisory_xact_lock($1)', [CONTROL_LOCKS.firstEnvironment]);
      const existing = await transaction.query(
        `SELECT 1 FROM ${CONTROL_SCHEMA}.environments LIMIT 1`,
      );
      if (existing.rowCount > 0) return undefined;
      return insertEnvironment(transaction, id, {});
    });
  }

  /**
   * Gives a client a new secret; its generation goes up in the same statement.
   * @param id The environment id.
   * @param clientId The client; default the only one.
   * @returns The client with its new secret.
   * @throws {Error} No such environment or client, or several clients and none named.
   */
  async rotateSecret(id: string, clientId?: string): Promise<NewClient> {
    checkExistingId(id);
    return this.#change(async (transaction) => {
      // Row locks: two rotations of one client run one after the other.
      const environment = (await readEnvironments(transaction, id, 'FOR UPDATE'))[0];
      if (environment === undefined) throw new Error(`environment ${id} does not exist`);
      const client = pickClient(environment, clientId);
      const clientSecret = generateClientSecret();
      await transaction.query(
        `UPDATE ${CONTROL_SCHEMA}.clients SET secret_hash = $1, generation = generation + 1
          WHERE id = $2`,
        [hashClientSecret(clientSecret), client.id],
      );
      return { environmentId: id, clientId: client.id, clientSecret };
    });
  }

  /**
   * Removes an environment and (by cascade) its clients.
   * @param id The environment id.
   * @returns When removed.
   * @throws {Error} The environment does not exist.
   */
  async removeEnvironment(id: string): Promise<void> {
    checkExistingId(id);
    await this.#change(async (transaction) => {
      const removed = await transaction.query(
        `DELETE FROM ${CONTROL_SCHEMA}.environments WHERE id = $1`,
        [id],
      );
      if (removed.rowCount === 0) throw new Error(`environment ${id} does not exist`);
    });
  }

  /**
   * Lists the environments and their clients without secret hashes.
   * @returns One summary per environment.
   */
  async summaries(): Promise<readonly EnvironmentSummary[]> {
    return summariesOf(await this.list());
  }

  // The count is read first: the environments read after it are at least that recent (a change
  // committed in between only costs one more read).
  async #refresh(): Promise<readonly Environment[]> {
    const { rows } = await this.#client.query<{ version: number }>(
      `SELECT version FROM ${CONTROL_SCHEMA}.changes`,
    );
    const environments = await this.#load();
    this.#snapshot = environments;
    this.#loadedVersion = rows[0]?.version ?? 0;
    return environments;
  }

  // The environments as of a counter read made after this call: a check already running may have
  // read the counter before the change its caller needs, so a caller arriving during one waits
  // for the next, which everyone arriving meanwhile shares (at most one running, one queued).
  #latest(): Promise<readonly Environment[]> {
    if (this.#checking === undefined) return this.#startCheck();
    this.#queued ??= this.#checking
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#checking ?? this.#startCheck();
      });
    return this.#queued;
  }

  #startCheck(): Promise<readonly Environment[]> {
    this.#checking = this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async #check(): Promise<readonly Environment[]> {
    this.#checks += 1;
    const { rows } = await this.#client.query<{ version: number }>(
      `SELECT version FROM ${CONTROL_SCHEMA}.changes`,
    );
    this.markChanged(rows[0]?.version ?? 0);
    return this.list();
  }

  #load(): Promise<readonly Environment[]> {
    this.#loads += 1;
    return readEnvironments(this.#client);
  }

  // The change, the counter and the notice commit together: a copy that sees the new count
  // also sees the change.
  async #change<T>(work: (transaction: SqlQueryable) => Promise<T>): Promise<T> {
    const { done, version } = await this.#client.transaction(async (transaction) => {
      const result = await work(transaction);
      const bumped = await transaction.query<{ version: number }>(
        `UPDATE ${CONTROL_SCHEMA}.changes SET version = version + 1 RETURNING version`,
      );
      const count = bumped.rows[0]?.version ?? 0;
      await transaction.query('SELECT pg_notify($1, $2)', [CONTROL_CHANNEL, String(count)]);
      return { done: result, version: count };
    });
    this.markChanged(version);
    return done;
  }
}

// No environment has an id outside the rule; one outside it (U+0000 included, which
// PostgreSQL text cannot hold) is answered as the file answers it, without a query.
function checkExistingId(id: string): void {
  if (!ENVIRONMENT_ID_PATTERN.test(id)) throw new Error(`environment ${id} does not exist`);
}

async function insertEnvironment(
  transaction: SqlQueryable,
  id: string,
  options: AddEnvironmentOptions,
): Promise<NewClient> {
  const { client, clientSecret } = newClientOf(id);
  const inserted = await transaction.query(
    `INSERT INTO ${CONTROL_SCHEMA}.environments (id, plain_search_keys, created_at)
      VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
    [id, options.plainSearchKeys ?? false, client.createdAt],
  );
  if (inserted.rowCount === 0) throw new Error(`environment ${id} exists already`);
  await transaction.query(
    `INSERT INTO ${CONTROL_SCHEMA}.clients (id, environment_id, secret_hash, generation, created_at)
      VALUES ($1, $2, $3, 0, $4)`,
    [client.id, id, client.secretHash, client.createdAt],
  );
  return { environmentId: id, clientId: client.id, clientSecret };
}
