// Everything `residency-server` does to start, in order: the data folder (0700), the server's
// keys, the environments (a development one on first start), the stores, the app, the socket,
// the purge schedule, and `credentials.json` for the development client.

import { readFile } from 'node:fs/promises';
import { createApp } from '../app.ts';
import { startOperatorAccess } from '../audit/operator-access.ts';
import type { ServerConfig } from '../config/server-config.ts';
import type { NewClient } from '../environments/environment-directory.ts';
import { restrictFolderTree } from '../files/owner-only.ts';
import { loadServerKeys } from '../keys/server-keys.ts';
import { warnOfUnsharedKeys } from '../keys/unshared-keys-warning.ts';
import type { Logger } from '../logger.ts';
import { type RunningServer, startServer } from '../start-server.ts';
import type { StoreProvider } from '../store/index.ts';
import { type Credentials, credentialsFor, writeCredentialsFile } from './credentials-file.ts';
import { ensureOwnerOnlyFolder } from './data-folder-mode.ts';
import { readDevelopmentClient } from './development-client.ts';
import { DrainState } from './drain-state.ts';
import { shutDownGracefully } from './graceful-shutdown.ts';
import { closingOnError, openEnvironments } from './open-environments.ts';
import { openConfiguredStores } from './open-stores.ts';
import { warnWithoutPublicUrl } from './public-url-warning.ts';
import { type PurgeScheduler, startPurgeScheduler } from './purge-scheduler.ts';

/** Options of `launchServer`. */
export interface LaunchOptions {
  readonly logger: Logger;
  /** Opens the stores; default: the configured backend. */
  readonly openStores?:
    | ((config: ServerConfig, logger: Logger) => Promise<StoreProvider>)
    | undefined;
}

/** A started server with everything around it. */
export interface LaunchedServer extends RunningServer {
  /** The development client's credentials (also in `credentials.json`), when known. */
  readonly credentials: Credentials | undefined;
  /** Set on first start: the development client just created. */
  readonly createdClient: NewClient | undefined;
  /** Where `credentials.json` was written, if it was. */
  readonly credentialsPath: string | undefined;
}

async function tlsOf(config: ServerConfig): Promise<{ cert: string; key: string } | undefined> {
  if (config.tlsCert === undefined || config.tlsKey === undefined) return undefined;
  return {
    cert: await readFile(config.tlsCert, 'utf8'),
    key: await readFile(config.tlsKey, 'utf8'),
  };
}

/**
 * Starts the server a configuration describes.
 *
 * @param config The checked configuration.
 * @param options The logger and, for tests, the stores.
 * @returns The running server; `close()` drains it (graceful-shutdown.ts, `drainTimeoutSeconds`),
 *   then stops the purge and closes the stores.
 * @throws {Error} The data folder, the keys, the TLS files or the port cannot be used.
 */
export async function launchServer(
  config: ServerConfig,
  options: LaunchOptions,
): Promise<LaunchedServer> {
  await ensureOwnerOnlyFolder(config.dataDir, options.logger);
  const keys = await loadServerKeys(config.dataDir, config);
  warnOfUnsharedKeys(config, options.logger);
  const tls = await tlsOf(config);
  const { control, createdClient } = await openEnvironments(config);
  const { environments, failureCounts: tokenFailureCounts } = control;
  // Every served country's database is open before the socket listens.
  const stores = await (options.openStores ?? openConfiguredStores)(config, options.logger).catch(
    closingOnError(control),
  );
  await restrictFolderTree(config.dataDir);
  const drain = new DrainState();
  const operator = startOperatorAccess(config.dataDir);
  const app = createApp({
    ...config,
    stores,
    environments,
    tokenFailureCounts,
    keys,
    logger: options.logger,
    drain,
    operatorCredential: operator.credential,
  });
  let server: RunningServer;
  try {
    server = await startServer({ app, port: config.port, host: config.host, tls, limits: config });
  } catch (error) {
    await stores.close();
    await control.close();
    throw error;
  }
  await operator.publish(server.url);
  warnWithoutPublicUrl(config, options.logger);
  const purge = schedulePurge(config, stores, options.logger);
  const credentials = await saveCredentials(config, createdClient, server.url);
  return {
    url: server.url,
    port: server.port,
    credentials: credentials?.credentials,
    createdClient,
    credentialsPath: credentials?.path,
    close: async () => {
      try {
        // The socket closes first (new connections refused at once); the operator credential
        // goes once the requests in flight are done.
        await shutDownGracefully({
          server,
          drain,
          stores,
          purge,
          drainTimeoutSeconds: config.drainTimeoutSeconds,
          logger: options.logger,
        });
      } finally {
        await operator.withdraw();
        // The control plane's connections (PostgreSQL) close last: requests drained above may
        // still have asked it.
        await control.close();
      }
    },
    drain: (timeoutMs) => {
      drain.begin();
      return server.drain(timeoutMs);
    },
  };
}

function schedulePurge(
  config: ServerConfig,
  stores: StoreProvider,
  logger: Logger,
): PurgeScheduler | undefined {
  if (config.purgeIntervalSeconds === 0) return undefined;
  return startPurgeScheduler({
    stores,
    intervalMs: config.purgeIntervalSeconds * 1000,
    logger,
    auditRetentionDays: config.auditRetentionDays,
  });
}

async function saveCredentials(
  config: ServerConfig,
  createdClient: NewClient | undefined,
  url: string,
): Promise<{ credentials: Credentials; path: string } | undefined> {
  const client = createdClient ?? (await readDevelopmentClient(config.dataDir));
  if (client === undefined) return undefined;
  const credentials = credentialsFor(client, config.publicUrl ?? url);
  return { credentials, path: await writeCredentialsFile(config.dataDir, credentials) };
}
