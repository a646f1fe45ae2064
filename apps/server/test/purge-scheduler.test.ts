import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPurgeScheduler } from '../src/lifecycle/purge-scheduler.ts';
import type { CountryStore, StoreProvider } from '../src/store/index.ts';

// The schedule's logic only: which countries it purges and when. The purge itself is the store's,
// tested with the store.
function countingStores(countries: readonly string[]): {
  provider: StoreProvider;
  purged: string[];
  failing: Set<string>;
} {
  const purged: string[] = [];
  const failing = new Set<string>();
  const provider: StoreProvider = {
    countries,
    country: async (code) =>
      ({
        purgeExpired: async (now: Date) => {
          if (failing.has(code)) throw new Error('database down');
          purged.push(`${code}@${now.getTime()}`);
          return 1;
        },
      }) as unknown as CountryStore,
    health: () => ({
      countries: countries.map((code) => ({ code, open: true })),
      connections: { inUse: 0, idle: 0, waiting: 0 },
    }),
    close: async () => undefined,
  };
  return { provider, purged, failing };
}

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

afterEach(() => {
  vi.useRealTimers();
});

describe('startPurgeScheduler', () => {
  it('purges every country of the stores at every interval, whether used or not', async () => {
    vi.useFakeTimers({ now: 0 });
    const { provider: stores, purged } = countingStores(['de', 'us']);
    const scheduler = startPurgeScheduler({ stores, intervalMs: 60_000, logger });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(purged).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(purged).toEqual(['de@60000', 'us@60000']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(purged).toEqual(['de@60000', 'us@60000', 'de@120000', 'us@120000']);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(purged).toHaveLength(4);
  });

  it('logs a failed country and goes on with the others', async () => {
    const { provider: stores, purged, failing } = countingStores(['de', 'us']);
    failing.add('de');
    const scheduler = startPurgeScheduler({ stores, intervalMs: 60_000, logger });
    await scheduler.purgeNow();
    await scheduler.stop();
    expect(purged.map((entry) => entry.split('@')[0])).toEqual(['us']);
    expect(logger.error).toHaveBeenCalledWith('purge of de failed: Error');
  });
});

describe('startPurgeScheduler audit retention', () => {
  function auditStores(): { provider: StoreProvider; cuts: number[] } {
    const cuts: number[] = [];
    const provider: StoreProvider = {
      countries: ['de'],
      country: async () =>
        ({
          purgeExpired: async () => 0,
          purgeAudit: async (before: Date) => {
            cuts.push(before.getTime());
            return 2;
          },
        }) as unknown as CountryStore,
      health: () => ({
        countries: [{ code: 'de', open: true }],
        connections: { inUse: 0, idle: 0, waiting: 0 },
      }),
      close: async () => undefined,
    };
    return { provider, cuts };
  }

  it('purges audit rows older than the retention with every purge', async () => {
    vi.useFakeTimers({ now: 400 * 86_400_000 });
    const { provider: stores, cuts } = auditStores();
    const scheduler = startPurgeScheduler({
      stores,
      intervalMs: 60_000,
      logger,
      auditRetentionDays: 365,
    });
    await scheduler.purgeNow();
    await scheduler.stop();
    expect(cuts).toEqual([35 * 86_400_000]);
    expect(logger.info).toHaveBeenCalledWith('purged 2 audit row(s) in de');
  });

  it('keeps audit rows forever with a retention of 0', async () => {
    const { provider: stores, cuts } = auditStores();
    const scheduler = startPurgeScheduler({
      stores,
      intervalMs: 60_000,
      logger,
      auditRetentionDays: 0,
    });
    await scheduler.purgeNow();
    await scheduler.stop();
    expect(cuts).toEqual([]);
  });
});
