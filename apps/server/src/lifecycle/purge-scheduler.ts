// Expired records (past `expires_at`) are invisible at once — the store's reads skip them — and
// deleted for good by a periodic purge, as the platform does (protocol.md §8.2). The same purge
// deletes audit rows past their retention. A purge that runs long is not overlapped by the next
// one.

import type { Logger } from '../logger.ts';
import type { StoreProvider } from '../store/index.ts';

/** Options of `startPurgeScheduler`. */
export interface PurgeSchedulerOptions {
  readonly stores: StoreProvider;
  /** Time between purges, in milliseconds. */
  readonly intervalMs: number;
  readonly logger: Logger;
  /** Days audit rows are kept; 0 or absent keeps them forever. */
  readonly auditRetentionDays?: number | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A running purge schedule. */
export interface PurgeScheduler {
  /** Purges every country of the stores now; resolves when done (failures are logged). */
  purgeNow(): Promise<void>;
  /** Stops the schedule; resolves once a purge under way has finished. */
  stop(): Promise<void>;
}

/**
 * Starts purging expired records of every country of the stores at an interval.
 *
 * @param options The stores, the interval and the logger.
 * @returns The schedule.
 */
export function startPurgeScheduler(options: PurgeSchedulerOptions): PurgeScheduler {
  let running: Promise<void> | undefined;
  const purgeAll = async (): Promise<void> => {
    for (const code of options.stores.countries) {
      try {
        const store = await options.stores.country(code);
        const purged = await store.purgeExpired(new Date());
        if (purged > 0) options.logger.info(`purged ${purged} expired record(s) in ${code}`);
        const retention = options.auditRetentionDays ?? 0;
        if (retention > 0) {
          const aged = await store.purgeAudit(new Date(Date.now() - retention * DAY_MS));
          if (aged > 0) options.logger.info(`purged ${aged} audit row(s) in ${code}`);
        }
      } catch (error) {
        options.logger.error(`purge of ${code} failed: ${(error as Error)?.name ?? 'error'}`);
      }
    }
  };
  const purgeNow = (): Promise<void> => {
    running ??= purgeAll().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void purgeNow(), options.intervalMs);
  timer.unref();
  return {
    purgeNow,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
