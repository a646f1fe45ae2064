// One start of the server binary, measured from outside as a user meets it: the time from the
// process's spawn to its `listening on` line, the first request to each served country sent
// at once right after (each timed alone, a health check beside them), and the server's resident
// memory after start and after writes.

import { randomBytes } from 'node:crypto';
import { type RawClient, rawClient } from '../test/integration-support/raw-http.ts';
import { type SpawnedServer, spawnServer } from '../test/integration-support/spawned-server.ts';
import { readProcessMemory } from '../test/support/process-memory.ts';

/** Where the binary comes from: sources through tsx, or `bin/residency-server.js`. */
export type ServerEntry = 'sources' | 'built';

/** What one start showed. */
export interface StartFigures {
  /** From spawn to the `listening on` line, in ms. */
  readonly listeningMs: number;
  /** The first request to each country, in ms, in the order of the countries. */
  readonly firstRequestMs: readonly number[];
  /** The health check sent beside them, in ms. */
  readonly healthMs: number;
  /** The server's VmRSS once it listens and has answered the first requests, in bytes. */
  readonly rss: number;
}

/** The six countries a server serves by default. */
export const DEFAULT_SERVED: readonly string[] = ['us', 'de', 'gb', 'ae', 'sg', 'in'];

/**
 * A record of the write bench's size (a 221-byte body, a few keys), raw as an SDK sends it.
 * @param index Its number.
 * @returns The record.
 */
export function rawRecord(index: number): Record<string, unknown> {
  return {
    record_key: randomBytes(32).toString('hex'),
    body: randomBytes(110).toString('hex').slice(0, 221).padEnd(221, 'x'),
    profile_key: randomBytes(32).toString('hex'),
    key1: randomBytes(32).toString('hex'),
    key2: `key2-${index % 100}`,
    range_key1: index,
    version: 0,
  };
}

async function timed(work: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await work();
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the server answered ${response.status}`);
  return performance.now() - started;
}

/**
 * Starts the server, measures the start and the first requests, and leaves it running.
 * @param dataDir The data folder (fresh or existing).
 * @param entry Sources or built.
 * @returns The figures, the running server and a raw client holding a token.
 */
export async function measureStart(
  dataDir: string,
  entry: ServerEntry,
): Promise<{ figures: StartFigures; server: SpawnedServer; client: RawClient }> {
  const started = performance.now();
  const server = await spawnServer(dataDir, [], { from: entry });
  const listeningMs = performance.now() - started;
  const client = rawClient(server.url, server.credentials);
  // The token is no country's: fetched first, so each timed request is the country's alone.
  await client.token();
  const [healthMs, ...firstRequestMs] = await Promise.all([
    timed(() => fetch(`${server.url}/healthcheck`)),
    ...DEFAULT_SERVED.map((country, index) =>
      timed(() => client.send('POST', `/v2/storage/records/${country}`, rawRecord(index))),
    ),
  ]);
  const { rss } = await readProcessMemory(server.pid);
  return {
    figures: { listeningMs, firstRequestMs, healthMs: healthMs as number, rss },
    server,
    client,
  };
}

/**
 * Writes records to every default country in batches of 100, one batch in flight.
 * @param client A client of the running server.
 * @param perCountry Records per country.
 * @returns When written.
 */
export async function writeToEveryCountry(client: RawClient, perCountry: number): Promise<void> {
  for (let first = 0; first < perCountry; first += 100) {
    for (const country of DEFAULT_SERVED) {
      const records = Array.from({ length: Math.min(100, perCountry - first) }, (_, index) =>
        rawRecord(first + index),
      );
      await timed(() =>
        client.send('POST', `/v2/storage/records/${country}/batchWrite`, { records }),
      );
    }
  }
}
