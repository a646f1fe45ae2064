// The shutdown of a running server (SIGTERM), in the order that loses no answer and no write:
// mark draining (`/readyz` 503, `Connection: close` on every answer), stop accepting
// connections, let requests in progress finish within the drain timeout, then cut what is
// left; wait for the handlers of cut requests to return (a write is one transaction: applied
// whole or not at all), stop the purge schedule, close the stores.

import type { Logger } from '../logger.ts';
import type { RunningServer } from '../start-server.ts';
import type { StoreProvider } from '../store/index.ts';
import type { DrainState } from './drain-state.ts';
import type { PurgeScheduler } from './purge-scheduler.ts';

/** How long handlers of cut requests may still run before the stores close, in milliseconds. */
const HANDLER_SETTLE_MS = 5_000;

/** What `shutDownGracefully` stops. */
export interface GracefulShutdownParts {
  readonly server: Pick<RunningServer, 'drain'>;
  readonly drain: DrainState;
  readonly stores: StoreProvider;
  readonly purge?: PurgeScheduler | undefined;
  /** How long requests in progress may take, in seconds; 0 cuts them at once. */
  readonly drainTimeoutSeconds: number;
  readonly logger: Logger;
}

/**
 * Shuts a server down gracefully.
 *
 * @param parts The server, its drain flag, its stores and purge schedule, the timeout, the log.
 * @returns Once the stores are closed.
 * @throws {Error} Closing a store failed (after everything else was stopped).
 */
export async function shutDownGracefully(parts: GracefulShutdownParts): Promise<void> {
  parts.drain.begin();
  const { cut } = await parts.server.drain(parts.drainTimeoutSeconds * 1000);
  if (cut) {
    parts.logger.warn(
      `drain timeout (${parts.drainTimeoutSeconds} s) reached: requests in progress were cut`,
    );
  }
  if (!(await parts.drain.settled(HANDLER_SETTLE_MS))) {
    parts.logger.warn(`${parts.drain.handling} request handler(s) still running: closing anyway`);
  }
  await parts.purge?.stop();
  await parts.stores.close();
}
