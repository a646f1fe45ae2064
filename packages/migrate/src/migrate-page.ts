// Migrates the records of one find page: re-encrypts each, writes them back in one conditional
// batch write (each record carries the `updated_at` it was read with), and when the server
// answers 412 re-reads the records that changed meanwhile and tries again with their new state.
// A record is re-read at most MAX_REREADS times, so a page always finishes.

import { StorageServerError } from '@residency/errors';
import type { ApiRecord, ServerRecord } from '@residency/protocol';
import type { RecordCodec } from '@residency/storage';
import {
  type ConditionalRecord,
  type StorageCall,
  sendConditionalBatchWrite,
  sendRawFind,
} from '@residency/storage/internal';
import type { MigrateFailure } from './migrate-types.ts';
import { pendingFilter } from './migration-filter.ts';
import { reencode } from './reencode.ts';

/** How many times one record is re-read after a 412 before it is reported as failed. */
export const MAX_REREADS = 3;

/** What a page needs besides its records. */
export interface PageJob {
  /** The storage's codec. */
  readonly codec: RecordCodec;
  /** The current secret version: the records' target. */
  readonly version: number;
}

/** What became of a page's records. */
export interface PageOutcome {
  /** Written back, re-encrypted. */
  migrated: number;
  /** Needed no write: already current, or gone, when read or re-read. */
  skipped: number;
  /** Found changed by a 412 and re-read. */
  conflicts: number;
  /** Could not be migrated. */
  readonly failures: MigrateFailure[];
  /** Keys of records found already current: a server that ignores the version filter. */
  readonly current: string[];
}

/** A record on its way back to the server. */
interface Pending {
  readonly server: ServerRecord;
  readonly record: ApiRecord;
  readonly rereads: number;
}

function conflictError(): StorageServerError {
  return new StorageServerError(
    `The record changed ${MAX_REREADS + 1} times while it was being migrated; run the migration again`,
    { status: 412 },
  );
}

/** Re-encrypts found records into `pending`; the rest go to the outcome. */
async function prepare(
  job: PageJob,
  found: readonly ServerRecord[],
  rereadsByKey: ReadonlyMap<string, number>,
  outcome: PageOutcome,
): Promise<Pending[]> {
  const pending: Pending[] = [];
  for (const server of found) {
    if (server.version === job.version) {
      outcome.skipped += 1;
      outcome.current.push(server.record_key);
      continue;
    }
    const reencoded = await reencode(job.codec, server);
    const rereads = rereadsByKey.get(server.record_key) ?? 0;
    if (reencoded.ok) pending.push({ server, record: reencoded.record, rereads });
    else
      outcome.failures.push({
        recordKey: server.record_key,
        error: reencoded.error,
        rawData: server,
      });
  }
  return pending;
}

/** Reads the changed records again, by stored key, those still on an old version. */
async function reread(
  call: StorageCall,
  job: PageJob,
  changed: readonly Pending[],
): Promise<ServerRecord[]> {
  const keys = changed.map((entry) => entry.server.record_key);
  const filter = { ...pendingFilter(job.version, []), record_key: keys };
  const page = await sendRawFind(call, { filter, options: { limit: keys.length, offset: 0 } });
  return page.data;
}

/** Handles a 412: gives up on records re-read too often, re-reads the others. */
async function afterConflict(
  call: StorageCall,
  job: PageJob,
  changed: readonly Pending[],
  outcome: PageOutcome,
): Promise<Pending[]> {
  outcome.conflicts += changed.length;
  const again = changed.filter((entry) => entry.rereads < MAX_REREADS);
  for (const entry of changed) {
    if (entry.rereads >= MAX_REREADS) {
      outcome.failures.push({
        recordKey: entry.server.record_key,
        error: conflictError(),
        rawData: entry.server,
      });
    }
  }
  if (again.length === 0) return [];
  const fresh = await reread(call, job, again);
  const byKey = new Map(fresh.map((server) => [server.record_key, server]));
  // Not found again: migrated by someone else, or deleted. Either way, nothing to do.
  outcome.skipped += again.filter((entry) => !byKey.has(entry.server.record_key)).length;
  const rereads = new Map(again.map((entry) => [entry.server.record_key, entry.rereads + 1]));
  return prepare(job, [...byKey.values()], rereads, outcome);
}

/**
 * Migrates found records (see the file comment). Servers without the conditional-write
 * extension store the batch unconditionally; a record written by someone else between the read
 * and the write is then overwritten with its older content (README: "Migration").
 *
 * @param call The records call.
 * @param job Codec and current version.
 * @param found The records of one find, at most 100.
 * @returns What became of each record.
 * @throws The errors of the requests (network, server, abort), and `SecretsProviderError`.
 */
export async function migratePage(
  call: StorageCall,
  job: PageJob,
  found: readonly ServerRecord[],
): Promise<PageOutcome> {
  const outcome: PageOutcome = { migrated: 0, skipped: 0, conflicts: 0, failures: [], current: [] };
  let pending = await prepare(job, found, new Map(), outcome);
  while (pending.length > 0) {
    const records: ConditionalRecord[] = pending.map((entry) => ({
      record: entry.record,
      expectedUpdatedAt: entry.server.updated_at ?? undefined,
    }));
    const result = await sendConditionalBatchWrite(call, records);
    if (result.status === 'written') {
      outcome.migrated += pending.length;
      break;
    }
    const conflicting = new Set(result.conflicts);
    const changed = pending.filter((_, index) => conflicting.has(index));
    const unchanged = pending.filter((_, index) => !conflicting.has(index));
    pending = [...unchanged, ...(await afterConflict(call, job, changed, outcome))];
  }
  return outcome;
}
