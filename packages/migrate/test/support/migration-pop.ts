// An in-memory PoP on msw recording handlers with what migration relies on: find by
// `version $not`, by key list and by key exclusion, sorted by creation, paged; and batch write
// with our server's conditional-write extension (412 naming each changed record, nothing
// stored). `updated_at` has millisecond precision, `+00:00`, as our server writes it.

import { Cipher } from '@residency/crypto';
import type { ApiRecord, ServerRecord } from '@residency/protocol';
import { SecretKeyAccessor } from '@residency/secrets';
import { RecordCodec, type RecordInput } from '@residency/storage';
import {
  createRecordingHandler,
  preconditionFailedResponse,
  type RecordedRequest,
  type RecordingHandler,
  tokenHandler,
} from '@residency/testing';
import { createTransport } from '@residency/transport';
import type { HttpHandler } from 'msw';
import { Migrator, type MigratorOptions } from '../../src/index.ts';

/** The fixed PoP endpoint of the tests. */
export const HOST = 'https://pop.test';
/** The environment id of the tests. */
export const ENV = 'env-migrate';

/** Secrets with versions 1 (old) and 2; `current` picks the one records are written with. */
export function accessor(current: number): SecretKeyAccessor {
  return new SecretKeyAccessor({
    currentVersion: current,
    secrets: [
      { secret: 'old-password', version: 1 },
      { secret: 'new-password', version: 2 },
    ],
  });
}

/** A LOCAL codec on `accessor(current)`, or on another secret set. */
export function codecOn(
  secrets: SecretKeyAccessor,
  options: { normalizeKeys?: boolean; hashSearchKeys?: boolean } = {},
): RecordCodec {
  return new RecordCodec({ environmentId: ENV, cipher: new Cipher({ secrets }), ...options });
}

/** A migrator on the test PoP: current version 2 unless told, LOCAL unless told. */
export function createMigrator(overrides: Partial<MigratorOptions> = {}): Migrator {
  const secretKeyAccessor = accessor(2);
  return new Migrator({
    transport: createTransport({
      environmentId: ENV,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      endpoint: HOST,
      retryBaseDelay: 1,
      retryMaxDelay: 1,
    }),
    codec: codecOn(secretKeyAccessor),
    secretKeyAccessor,
    ...overrides,
  });
}

type Stored = ServerRecord & { created_at: string; updated_at: string };

/** How the fake PoP behaves. */
export interface PopBehaviour {
  /** Called for each batch write before the preconditions are checked: a concurrent writer. */
  beforeWrite?: (pop: MigrationPop, records: readonly Record<string, unknown>[]) => void;
  /** Holds a batch write's answer until the promise settles. */
  holdWrite?: (index: number) => Promise<void> | undefined;
  /** Holds a find until the promise settles; it then reads the records as they are by then. */
  holdFind?: (index: number) => Promise<void> | undefined;
  /** Ignore `expected_updated_at`, as a server without the extension does. */
  ignorePreconditions?: boolean;
  /** Ignore every filter, as a server that understands none. */
  ignoreFilters?: boolean;
}

/** The fake PoP's state and handlers. */
export interface MigrationPop {
  readonly records: Map<string, Stored>;
  readonly handlers: HttpHandler[];
  readonly find: RecordingHandler;
  readonly batchWrite: RecordingHandler;
  /** Adds records as written with `codec` (their stored form), in creation order. */
  seed(codec: RecordCodec, inputs: readonly RecordInput[]): Promise<void>;
  /** Stores a wire record as a write would: `updated_at` bumped, `created_at` kept. */
  store(record: Record<string, unknown>): void;
  /** Each stored record's version, by stored key. */
  versions(): number[];
  /** The batch writes' request bodies. */
  writes(): Record<string, unknown>[][];
  /** The finds' request bodies. */
  finds(): { filter: Record<string, unknown>; options: { limit: number; offset: number } }[];
  /** Batch writes in flight right now, and the most seen at once. */
  readonly concurrency: { active: number; max: number };
}

function matchesKey(value: string, wanted: unknown): boolean {
  if (typeof wanted === 'string') return value === wanted;
  if (Array.isArray(wanted)) return wanted.includes(value);
  const not = (wanted as { $not?: unknown }).$not;
  return Array.isArray(not) ? !not.includes(value) : value !== not;
}

function matchesVersion(version: number | null | undefined, wanted: unknown): boolean {
  if (typeof wanted === 'number') return version === wanted;
  return version !== (wanted as { $not: number }).$not;
}

function matches(record: Stored, filter: Record<string, unknown>): boolean {
  if (filter.record_key !== undefined && !matchesKey(record.record_key, filter.record_key))
    return false;
  return filter.version === undefined || matchesVersion(record.version, filter.version);
}

/**
 * Creates the fake PoP at `HOST` (country `us`) and its token endpoint.
 *
 * @param behaviour Hooks for concurrent writers, held answers and older servers.
 * @returns The PoP.
 */
export function migrationPop(behaviour: PopBehaviour = {}): MigrationPop {
  const records = new Map<string, Stored>();
  let clock = Date.parse('2024-05-01T12:00:00.000Z');
  const now = () => {
    clock += 1;
    return new Date(clock).toISOString().replace('Z', '+00:00');
  };
  const concurrency = { active: 0, max: 0 };
  const prefix = `${HOST}/v2/storage/records/us`;
  const store = (record: Record<string, unknown>) => {
    const key = String(record.record_key);
    const { expected_updated_at: _, ...fields } = record;
    const created = records.get(key)?.created_at ?? now();
    records.set(key, {
      ...(fields as ServerRecord),
      created_at: created,
      updated_at: now(),
      attachments: [],
    });
  };
  let findIndex = 0;
  const find = createRecordingHandler('POST', `${prefix}/find`, async ({ call }) => {
    await behaviour.holdFind?.(findIndex++);
    const { filter, options } = call.body as {
      filter: Record<string, unknown>;
      options: { limit: number; offset: number };
    };
    const all = [...records.values()].filter(
      (record) => behaviour.ignoreFilters === true || matches(record, filter),
    );
    const data = all.slice(options.offset, options.offset + options.limit);
    return Response.json({
      meta: { count: data.length, limit: options.limit, offset: options.offset, total: all.length },
      data,
    });
  });
  let writeIndex = 0;
  const batchWrite = createRecordingHandler('POST', `${prefix}/batchWrite`, async ({ call }) => {
    const index = writeIndex++;
    concurrency.active += 1;
    concurrency.max = Math.max(concurrency.max, concurrency.active);
    try {
      await behaviour.holdWrite?.(index);
      const batch = (call.body as { records: Record<string, unknown>[] }).records;
      behaviour.beforeWrite?.(pop, batch);
      const failing = batch.flatMap((record, position) => {
        const expected = record.expected_updated_at;
        if (behaviour.ignorePreconditions === true || expected === undefined) return [];
        return records.get(String(record.record_key))?.updated_at === expected ? [] : [position];
      });
      if (failing.length > 0) return preconditionFailedResponse(failing);
      for (const record of batch) store(record);
      return Response.json({
        records: batch.map((record) => records.get(String(record.record_key))),
      });
    } finally {
      concurrency.active -= 1;
    }
  });
  const pop: MigrationPop = {
    records,
    find,
    batchWrite,
    concurrency,
    handlers: [tokenHandler().handler, find.handler, batchWrite.handler],
    async seed(codec, inputs) {
      for (const input of inputs)
        store((await codec.encode(input as never)) as ApiRecord as Record<string, unknown>);
    },
    store,
    versions: () => [...records.values()].map((record) => record.version ?? -1),
    writes: () =>
      batchWrite.calls.map(
        (call: RecordedRequest) => (call.body as { records: Record<string, unknown>[] }).records,
      ),
    finds: () => find.calls.map((call) => call.body as ReturnType<MigrationPop['finds']>[number]),
  };
  return pop;
}

/** `count` records with keys `prefix-0`…, bodies naming them. */
export function inputs(count: number, prefix = 'user'): RecordInput[] {
  return Array.from({ length: count }, (_, index) => ({
    recordKey: `${prefix}-${index}`,
    body: `{"name":"${prefix} ${index}"}`,
    key1: `city-${index % 3}`,
  }));
}
