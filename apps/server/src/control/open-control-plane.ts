// Where a copy of the server keeps its environments, clients and failed-login counts: in the
// data folder (PGlite; one copy) or in the PostgreSQL control plane (`controlUrl`, else
// `postgresUrl`), shared by every copy. The server watches the control plane for changes; a
// CLI command reads it afresh and closes it when done.

import type { ServerConfig } from '../config/server-config.ts';
import type { EnvironmentDirectory } from '../environments/environment-directory.ts';
import { EnvironmentRegistry } from '../environments/environment-registry.ts';
import type { FailureCounts } from '../limits/failure-counts.ts';
import { databaseErrorReason } from '../store/database-error-reason.ts';
import { createPostgresClient } from '../store/postgres-client.ts';
import { ensureControlSchema } from './control-schema.ts';
import { startControlWatcher } from './control-watcher.ts';
import { PostgresEnvironmentRegistry } from './postgres-environment-registry.ts';
import { PostgresFailureCounts } from './postgres-failure-counts.ts';

/** Connections to the control database a copy opens, at most. */
const CONTROL_POOL_SIZE = 4;

/** The control plane a copy uses. */
export interface ControlPlane {
  /** `file` (the data folder) or `postgres`. */
  readonly kind: 'file' | 'postgres';
  readonly environments: EnvironmentDirectory;
  /** Shared failure counts; `undefined`: count in memory (one copy). */
  readonly failureCounts: FailureCounts | undefined;
  /**
   * Stops watching and closes the connections.
   * @returns When closed.
   */
  close(): Promise<void>;
}

/** Options of `openControlPlane`. */
export interface OpenControlPlaneOptions {
  /** Watch for changes and cache between them (a server); default `false` (a CLI command). */
  readonly watch?: boolean | undefined;
  /** Milliseconds between polls of the change counter; default 500. */
  readonly pollMs?: number | undefined;
}

/**
 * The URL of the PostgreSQL control plane a configuration names.
 * @param config The configuration.
 * @returns `controlUrl`, else `postgresUrl`, else `undefined` (the data folder).
 */
export function controlPlaneUrl(config: ServerConfig): string | undefined {
  return config.controlUrl ?? config.postgresUrl;
}

/**
 * Opens the control plane a configuration names, creating its schema when missing.
 * @param config The configuration.
 * @param options `watch` for a server.
 * @returns The control plane.
 * @throws {Error} The control database cannot be reached or set up: one line with the driver's
 *   reason, never the URL or its password.
 */
export async function openControlPlane(
  config: ServerConfig,
  options: OpenControlPlaneOptions = {},
): Promise<ControlPlane> {
  const url = controlPlaneUrl(config);
  if (url === undefined) {
    const environments = EnvironmentRegistry.forDataDir(config.dataDir);
    return { kind: 'file', environments, failureCounts: undefined, close: async () => {} };
  }
  const client = createPostgresClient({ connectionString: url, poolSize: CONTROL_POOL_SIZE });
  try {
    await ensureControlSchema(client);
    const environments = new PostgresEnvironmentRegistry(client, { cached: options.watch });
    const watcher =
      options.watch === true
        ? await startControlWatcher({
            connectionString: url,
            client,
            onChange: (version) => environments.markChanged(version),
            pollMs: options.pollMs,
          })
        : undefined;
    const failureCounts = new PostgresFailureCounts(client);
    const close = async (): Promise<void> => {
      await watcher?.stop();
      await client.close();
    };
    return { kind: 'postgres', environments, failureCounts, close };
  } catch (error) {
    await client.close().catch(() => undefined);
    const reason = databaseErrorReason(url, error);
    throw new Error(`cannot open the PostgreSQL control plane: ${reason}`, { cause: error });
  }
}
