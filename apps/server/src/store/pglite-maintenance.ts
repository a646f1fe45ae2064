// PGlite runs PostgreSQL in single-user mode: no autovacuum. Without it the planner never gets
// statistics (and picks whole-environment scans over index probes as the table grows), and
// updated or deleted rows are never reclaimed. So the store does autovacuum's job itself: after
// enough changed rows, one VACUUM (ANALYZE), with autovacuum's scale (a base plus a tenth of the
// table). It runs after the call that crossed the threshold has returned, never during it; other
// statements wait for it, as they wait for any statement on PGlite's one connection.

import { ATTACHMENT_CHUNK_SIZE } from './schema.ts';
import type { SqlQueryable } from './sql-client.ts';
import type { CountryStore } from './types.ts';

/** When maintenance runs: after `baseRows + scale × table rows` changed rows. */
export interface MaintenanceThreshold {
  readonly baseRows: number;
  readonly scale: number;
}

const DEFAULT_THRESHOLD: MaintenanceThreshold = { baseRows: 1000, scale: 0.1 };

/** A store that maintains its database, and a way to wait for maintenance in progress. */
export interface MaintainedStore {
  readonly store: CountryStore;
  /**
   * @returns When no maintenance runs (call before closing the database).
   */
  settle(): Promise<void>;
}

/**
 * Wraps a PGlite-backed store so that its writes and deletes trigger VACUUM (ANALYZE) of the
 * store's tables as autovacuum would.
 * @param store The store.
 * @param client The store's database.
 * @param threshold When to run; autovacuum-like by default.
 * @returns The maintained store.
 */
export function withMaintenance(
  store: CountryStore,
  client: SqlQueryable,
  threshold: MaintenanceThreshold = DEFAULT_THRESHOLD,
): MaintainedStore {
  const counter = maintenanceCounter(client, threshold);
  const count = counter.count;
  const maintained: CountryStore = {
    ...store,
    write: (environment, writes, audit) =>
      store.write(environment, writes, audit).then(count(() => writes.length)),
    delete: (environment, key, audit) =>
      store.delete(environment, key, audit).then(count((deleted) => (deleted ? 1 : 0))),
    deleteMany: (environment, keys, audit) =>
      store.deleteMany(environment, keys, audit).then(count((deleted) => deleted)),
    purgeExpired: (now) => store.purgeExpired(now).then(count((purged) => purged)),
    // Every chunk of an upload updates its row once: a big upload leaves as many dead rows.
    addAttachment: (environment, key, upload, audit) =>
      store
        .addAttachment(environment, key, upload, audit)
        .then(count((meta) => 1 + meta.size / ATTACHMENT_CHUNK_SIZE)),
    deleteAttachment: (environment, key, fileId, audit) =>
      store.deleteAttachment(environment, key, fileId, audit).then(count(() => 1)),
    purgeAudit: (before) => store.purgeAudit(before).then(count((purged) => purged)),
  };
  return { store: maintained, settle: counter.settle };
}

/** Counts changed rows and starts maintenance (one at a time) when they pass the threshold. */
function maintenanceCounter(client: SqlQueryable, threshold: MaintenanceThreshold) {
  let changed = 0;
  let limit = threshold.baseRows;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const count =
    <Result>(rows: (result: Result) => number) =>
    (result: Result): Result => {
      changed += rows(result);
      if (changed >= limit && !busy) {
        busy = true;
        changed = 0;
        running = maintain(client).then((tableRows) => {
          limit = threshold.baseRows + threshold.scale * tableRows;
          busy = false;
        });
      }
      return result;
    };
  return { count, settle: () => running };
}

/** Vacuums and analyzes the store's tables; returns the records table's row estimate. */
async function maintain(client: SqlQueryable): Promise<number> {
  try {
    await client.query('VACUUM (ANALYZE) records, attachments, attachment_chunks, audit_log');
    const result = await client.query<{ rows: number }>(
      "SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = 'records'::regclass",
    );
    return Number(result.rows[0]?.rows ?? 0);
  } catch {
    // Maintenance is an optimisation: a failure (the database closing under it) must not
    // surface in whichever request happened to trigger it; the next threshold tries again.
    return 0;
  }
}
