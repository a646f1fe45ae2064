// `migrateAll`: one run over a whole country. One loop finds pages of records still on an old
// secret version; up to `concurrency` workers migrate pages at once (migrate-page.ts).
//
// Why it ends: records that fail are kept out of later finds by key, records found already
// current too, and every migrated record leaves the filter (`version $not current`). So each
// page found while no page is in flight shrinks what is left; the run ends when such a find
// comes back empty, or at `maxFailures`. While pages are in flight, the next find skips them
// by offset (they still match until written); a record seen twice is dropped by key.
//
// Why it resumes: the filter itself is the progress. A run stopped (abort, error, process exit)
// is continued by calling `migrateAll` again; records written before the stop stay migrated.

import { StorageNetworkError } from '@residency/errors';
import type { FindResponse, ServerRecord } from '@residency/protocol';
import {
  type CallDescription,
  runStorageCall,
  type StorageContext,
  sendRawFind,
} from '@residency/storage/internal';
import type { MigrateAllPlan } from './migrate-input.ts';
import { migratePage, type PageOutcome } from './migrate-page.ts';
import type { MigrateAllResult, MigrateFailure, MigrateProgress } from './migrate-types.ts';
import { pendingFilter } from './migration-filter.ts';

/** What one run needs. */
export interface RunSettings {
  /** The storage's context: codec, transport, logger. */
  readonly context: StorageContext;
  /** `migrateAll`, the country, headers and signal. */
  readonly description: CallDescription;
  /** Page size, concurrency, failure limit, progress callback. */
  readonly plan: MigrateAllPlan;
  /** Reads the current secret version, before each find: a rotation mid-run is followed. */
  readonly currentVersion: () => Promise<number>;
}

/** One run's state. Workers never reject: a failure is kept in `fatal` and stops the loop. */
class MigrationRun {
  readonly #settings: RunSettings;
  readonly #totals = { migrated: 0, skipped: 0, conflicts: 0 };
  readonly #failures: MigrateFailure[] = [];
  /** Stored keys kept out of every find: failed, or found already current. */
  readonly #excluded = new Set<string>();
  /** Keys of records whose page is being migrated. */
  readonly #inFlight = new Set<string>();
  /** Keys whose page finished while a find was under way: that find may still list them. */
  readonly #finishedDuringFind = new Set<string>();
  readonly #workers = new Set<Promise<void>>();
  #fatal: { readonly error: unknown } | undefined;
  /** Records a server that ignores the key exclusion keeps listing first: skipped by offset. */
  #skipAhead = 0;
  #lastTotal = 0;
  #migratedAtLastFind = 0;

  constructor(settings: RunSettings) {
    this.#settings = settings;
  }

  /** Runs to the end, the limit, an abort or the first error; waits for every worker. */
  async execute(): Promise<MigrateAllResult> {
    let complete = false;
    try {
      complete = await this.#loop();
    } catch (error) {
      this.#fatal ??= { error };
    }
    await Promise.allSettled(this.#workers);
    const { signal } = this.#settings.description.requestOptions;
    if (signal?.aborted === true) {
      throw new StorageNetworkError('Migrating records was aborted', { cause: signal.reason });
    }
    if (this.#fatal !== undefined) throw this.#fatal.error;
    return { ...this.#progress(), failures: [...this.#failures], complete };
  }

  #stopping(): boolean {
    const { signal } = this.#settings.description.requestOptions;
    return (
      signal?.aborted === true ||
      this.#fatal !== undefined ||
      this.#failures.length >= this.#settings.plan.maxFailures
    );
  }

  /** @returns `true` when nothing is left to migrate, `false` when stopped early. */
  async #loop(): Promise<boolean> {
    for (;;) {
      if (this.#stopping()) return false;
      if (this.#workers.size >= this.#settings.plan.concurrency) {
        await Promise.race(this.#workers);
        continue;
      }
      // Only a find sent with no page in flight sees every record left from its offset on: one
      // sent while pages were in flight skipped them by offset, and if they were written before
      // the find ran, records past them were skipped too.
      const alone = this.#inFlight.size === 0;
      const { version, page } = await this.#find();
      const fresh = page.data.filter((record) => this.#isFresh(record.record_key));
      const excluded = page.data.filter((record) => this.#excluded.has(record.record_key));
      this.#finishedDuringFind.clear();
      if (fresh.length > 0) this.#start(version, fresh);
      else if (this.#workers.size > 0) await Promise.race(this.#workers);
      else if (page.data.length === 0) {
        if (alone) return true;
        // Pages were in flight when it was sent: find again, alone this time.
      }
      // Only excluded records: the server ignores the exclusion; step over them. (Otherwise the
      // page listed records a worker finished meanwhile: the next find no longer will.)
      else if (excluded.length === page.data.length) this.#skipAhead += page.data.length;
    }
  }

  #isFresh(key: string): boolean {
    return (
      !this.#inFlight.has(key) && !this.#excluded.has(key) && !this.#finishedDuringFind.has(key)
    );
  }

  async #find(): Promise<{ version: number; page: FindResponse }> {
    const { context, description, plan } = this.#settings;
    const version = await this.#settings.currentVersion();
    const filter = pendingFilter(version, [...this.#excluded]);
    // A fixed order, so that an offset means the same records from one find to the next.
    const options = {
      limit: plan.pageSize,
      offset: this.#inFlight.size + this.#skipAhead,
      sort: [{ created_at: 'asc' as const }],
    };
    const send = (call: Parameters<typeof sendRawFind>[0]) =>
      sendRawFind(call, { filter, options });
    const count = (found: FindResponse) => found.data.length;
    const { value: page } = await runStorageCall(context.settings, description, send, count);
    this.#lastTotal = page.meta.total;
    this.#migratedAtLastFind = this.#totals.migrated;
    return { version, page };
  }

  #start(version: number, fresh: readonly ServerRecord[]): void {
    const keys = fresh.map((record) => record.record_key);
    for (const key of keys) this.#inFlight.add(key);
    const worker: Promise<void> = this.#migrate(version, fresh).finally(() => {
      for (const key of keys) {
        this.#inFlight.delete(key);
        this.#finishedDuringFind.add(key);
      }
      this.#workers.delete(worker);
    });
    this.#workers.add(worker);
  }

  async #migrate(version: number, fresh: readonly ServerRecord[]): Promise<void> {
    const { context, description } = this.#settings;
    const job = { codec: context.codec, version };
    try {
      const outcome = await runStorageCall(
        context.settings,
        description,
        (call) => migratePage(call, job, fresh),
        (page) => page.migrated,
      );
      this.#apply(outcome.value);
      this.#settings.plan.onProgress?.(this.#progress());
    } catch (error) {
      this.#fatal ??= { error };
    }
  }

  #apply(outcome: PageOutcome): void {
    this.#totals.migrated += outcome.migrated;
    this.#totals.skipped += outcome.skipped;
    this.#totals.conflicts += outcome.conflicts;
    for (const failure of outcome.failures) {
      this.#failures.push(failure);
      this.#excluded.add(failure.recordKey);
    }
    for (const key of outcome.current) this.#excluded.add(key);
  }

  #progress(): MigrateProgress {
    const sinceFind = this.#totals.migrated - this.#migratedAtLastFind;
    return {
      ...this.#totals,
      failed: this.#failures.length,
      totalLeft: Math.max(0, this.#lastTotal - sinceFind),
    };
  }
}

/**
 * Migrates every record of a country to the current secret version (see the file comment).
 *
 * @param settings Context, description, plan, version source.
 * @returns The totals, the failures, and whether the run completed.
 * @throws {StorageNetworkError} The signal aborted the run (after in-flight pages settled).
 * @throws The first request error (network, server, authentication), a secrets provider
 *   failure, or what `onProgress` threw; pages written before it stay migrated.
 */
export function runMigration(settings: RunSettings): Promise<MigrateAllResult> {
  return new MigrationRun(settings).execute();
}
