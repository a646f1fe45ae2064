// Every acknowledged write survives a crash, on PGlite and on PostgreSQL: the binary runs in a
// child process, the SDK streams writes into it (single records and batches, several at once),
// the server is SIGKILLed while writes are in flight, and a new server on the same data folder
// (PGlite: it takes over the dead process's lock and recovers the database) or the same
// database finds every record the first one acknowledged, intact.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordInput, SecretKeyAccessor, Storage } from '@residency/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectStorage, rawKeyAccessor } from './integration-support/sdk-storage.ts';
import { type SpawnedServer, spawnServer } from './integration-support/spawned-server.ts';
import { createTestDatabase, testPostgres } from './support/test-postgres.ts';

/** Acknowledged writes before the kill: enough that writes are surely in flight then. */
const ACKNOWLEDGED_BEFORE_KILL = 150;
const WRITERS = 3;
const BATCH_SIZE = 10;
// Two server starts in child processes (tsx, PGlite's start-up and recovery) on 2 busy cores.
const CRASH_TIMEOUT_MS = 300_000;

const BACKENDS = [
  { name: 'PGlite', flags: async () => [] as string[] },
  {
    name: 'PostgreSQL',
    flags: async () => ['--postgres-url', await createTestDatabase(await testPostgres(), 'crash')],
  },
] as const;

function crashRecord(writer: number, sequence: number): RecordInput {
  const recordKey = `crash-${writer}-${sequence}`;
  return { recordKey, body: `body of ${recordKey}`, key1: 'crash', rangeKey1: sequence };
}

/**
 * Writes until a write fails (the server is gone), recording each record the server
 * acknowledged; `onAcknowledged` runs after each acknowledgement.
 */
async function writeUntilFailure(
  storage: Storage,
  writer: number,
  acknowledged: Set<string>,
  onAcknowledged: () => void,
): Promise<void> {
  for (let sequence = 0; ; sequence += BATCH_SIZE) {
    const batch = Array.from({ length: BATCH_SIZE }, (_, offset) =>
      crashRecord(writer, sequence + offset),
    );
    try {
      // Writer 0 sends batches, the others single records: both paths must be durable.
      if (writer === 0) await storage.batchWrite('de', batch);
      else
        for (const record of batch) {
          await storage.write('de', record);
          acknowledged.add(record.recordKey);
          onAcknowledged();
        }
    } catch {
      return;
    }
    for (const record of batch) acknowledged.add(record.recordKey);
    onAcknowledged();
  }
}

async function storedKeys(storage: Storage): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for await (const record of storage.iterate('de', { key1: 'crash' }))
    found.set(record.recordKey, record.body);
  return found;
}

describe.each(BACKENDS)('a SIGKILLed server on $name', (backend) => {
  let dataDir: string;
  const servers: SpawnedServer[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'residency-crash-'));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(flags: readonly string[], secrets: SecretKeyAccessor) {
    const server = await spawnServer(dataDir, [...flags, '--countries', 'de']);
    servers.push(server);
    return {
      server,
      storage: await connectStorage(server.url, server.credentials, { secretKeyAccessor: secrets }),
    };
  }

  it('keeps every acknowledged write', { timeout: CRASH_TIMEOUT_MS }, async () => {
    const flags = await backend.flags();
    const secrets = rawKeyAccessor();
    const first = await start(flags, secrets);
    const acknowledged = new Set<string>();
    const killAfterEnough = () => {
      // SIGKILL from inside the stream: the other writers' requests are in flight.
      if (acknowledged.size >= ACKNOWLEDGED_BEFORE_KILL) void first.server.stop('SIGKILL');
    };
    const writers = Array.from({ length: WRITERS }, (_, writer) =>
      writeUntilFailure(first.storage, writer, acknowledged, killAfterEnough),
    );
    await Promise.all(writers);
    expect(await first.server.exited).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);

    const second = await start(flags, secrets);
    const stored = await storedKeys(second.storage);
    const missing = [...acknowledged].filter((key) => !stored.has(key));
    expect(missing).toEqual([]);
    for (const key of acknowledged) expect(stored.get(key)).toBe(`body of ${key}`);
    // Recovered, not merely readable: it takes new writes.
    await second.storage.write('de', { recordKey: 'after-restart', body: 'written' });
    expect((await second.storage.read('de', 'after-restart')).record.body).toBe('written');
    expect(await second.server.stop('SIGTERM')).toBe('exit 0');
  });
});
