// Audit rows of requests that changed nothing (reads, finds, downloads, failures) need no
// transaction of their own: they are buffered and inserted in batches, one statement per batch,
// at most `flushMs` after they were recorded, and at once when a batch fills. Closing the store
// flushes what is left (country-registry closes each store's buffer before its database).

import { appendAudit } from './audit-sql.ts';
import type { AuditEntry } from './audit-types.ts';
import type { SqlQueryable } from './sql-client.ts';

/** When buffered rows are written. */
export interface AuditBufferOptions {
  /** The longest a row waits, in milliseconds; 1000 by default. */
  readonly flushMs?: number | undefined;
  /** A batch this full is written at once; 100 by default. */
  readonly batchSize?: number | undefined;
  /**
   * The most rows held while the database refuses them; past it the oldest are dropped (and
   * counted), so a database outage cannot exhaust memory. 10 000 by default.
   */
  readonly maxPending?: number | undefined;
}

/** A buffer of audit rows for one database. */
export interface AuditBuffer {
  /** Queues a row; written within `flushMs`. */
  add(entry: AuditEntry): void;
  /**
   * Writes every queued row now.
   * @returns When written.
   * @throws The driver's error when the database refused them (they stay queued).
   */
  flush(): Promise<void>;
  /** How many rows were dropped since start because the database kept refusing them. */
  readonly dropped: number;
}

/**
 * Creates the audit buffer of one database.
 * @param client The database.
 * @param options Delay, batch size and memory bound.
 * @returns The buffer.
 */
export function createAuditBuffer(
  client: SqlQueryable,
  options: AuditBufferOptions = {},
): AuditBuffer {
  const flushMs = options.flushMs ?? 1000;
  const batchSize = options.batchSize ?? 100;
  const maxPending = options.maxPending ?? 10_000;
  let pending: AuditEntry[] = [];
  let dropped = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const writeQueued = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await appendAudit(client, batch);
      } catch (error) {
        pending = [...batch, ...pending];
        if (pending.length > maxPending) {
          dropped += pending.length - maxPending;
          pending = pending.slice(pending.length - maxPending);
        }
        throw error;
      }
    }
  };
  const flush = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    writing = writing.catch(() => undefined).then(writeQueued);
    return writing;
  };
  function schedule(): void {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      // A refused batch stays queued and is tried again after another delay.
      flush().catch(schedule);
    }, flushMs);
    timer.unref();
  }
  return {
    add(entry) {
      pending.push(entry);
      if (pending.length >= batchSize) flush().catch(schedule);
      else schedule();
    },
    flush,
    get dropped() {
      return dropped;
    },
  };
}
