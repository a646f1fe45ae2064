// What the app asks of its environments and clients, whatever keeps them: the data folder's
// `environments.json` (PGlite, `EnvironmentRegistry`) or the control schema in PostgreSQL
// (`PostgresEnvironmentRegistry`), which every copy of a scaled-out server shares.

import type { Environment } from './environment-file.ts';

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

/** Options of `EnvironmentDirectory.addEnvironment`. */
export interface AddEnvironmentOptions {
  /** SSE: store `key1..20` in plain text (enables `$like`, `search_keys`, sorting). */
  readonly plainSearchKeys?: boolean | undefined;
}

/** The environments and clients the server authenticates against, and their changes. */
export interface EnvironmentDirectory {
  /**
   * Lists the environments as they are now (a change made elsewhere shows within a second).
   * @returns The environments.
   * @throws {Error} The store is unreadable or invalid.
   */
  list(): Promise<readonly Environment[]>;
  /**
   * Finds an environment.
   * @param id The environment id.
   * @returns The environment, or `undefined`.
   */
  environment(id: string): Promise<Environment | undefined>;
  /**
   * Finds an environment as the store holds it at this moment, for a caller whose answer from
   * `environment` may predate what it holds (a token issued by another copy after a change).
   * @param id The environment id.
   * @returns The environment, or `undefined`.
   */
  latestEnvironment(id: string): Promise<Environment | undefined>;
  /**
   * Checks a client's credentials in constant time.
   * @param clientId The client id.
   * @param clientSecret The secret it presented.
   * @returns The client's environment, or `undefined` when unknown or wrong (same time).
   */
  authenticate(clientId: string, clientSecret: string): Promise<Environment | undefined>;
  /**
   * Adds an environment with one client.
   * @param id The environment id (1–64 of letters, digits, `.`, `_`, `-`).
   * @param options `plainSearchKeys`.
   * @returns The new client with its secret (shown once, kept only as a hash).
   * @throws {Error} The id is malformed or taken.
   */
  addEnvironment(id: string, options?: AddEnvironmentOptions): Promise<NewClient>;
  /**
   * Adds an environment only when there is none at all (the first start). The check and the add
   * are one atomic change, so of several copies starting at once exactly one adds it.
   * @param id The environment id.
   * @returns The new client, or `undefined` when environments existed.
   * @throws {Error} The id is malformed.
   */
  addFirstEnvironment(id: string): Promise<NewClient | undefined>;
  /**
   * Gives a client a new secret; its generation goes up, so older tokens stop working.
   * @param id The environment id.
   * @param clientId The client; default the environment's only client.
   * @returns The client with its new secret.
   * @throws {Error} No such environment or client, or several clients and none named.
   */
  rotateSecret(id: string, clientId?: string): Promise<NewClient>;
  /**
   * Removes an environment and its clients; their tokens stop working.
   * @param id The environment id.
   * @returns When removed.
   * @throws {Error} The environment does not exist.
   */
  removeEnvironment(id: string): Promise<void>;
  /**
   * Lists the environments and their clients without secret hashes.
   * @returns One summary per environment.
   */
  summaries(): Promise<readonly EnvironmentSummary[]>;
}
