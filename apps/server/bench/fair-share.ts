// Fair share under a flood (`pnpm bench`, after run.ts): one environment's trivial find, p50 and
// p99, while another environment floods the server with heavy finds (16 in flight, each a
// 10,000-value `key2` list over its records) in the same country, first with the limits off
// (`--environment-concurrency 0 --records-concurrency 0`) and then with the defaults. The
// server runs in its own process (spawnServer); the machine's load is printed beside the
// figures. Figures only: nothing here asserts on time.
//
//   tsx --conditions=@residency/source bench/fair-share.ts [--victim-finds=N] [--flooders=N]

import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fetchToken } from '../test/integration-support/raw-http.ts';
import { runServerCommand, spawnServer } from '../test/integration-support/spawned-server.ts';

const FIND = '/v2/storage/records/us/find';
const FLOOD_RECORDS = 5_000;
const LIST_VALUES = 10_000;

interface Client {
  readonly environmentId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

interface Figures {
  readonly p50: number;
  readonly p99: number;
  readonly floodFinds: number;
  readonly refused: number;
}

function options(): { victimFinds: number; flooders: number } {
  const flags = new Map(
    process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
  );
  return {
    victimFinds: Number(flags.get('victim-finds') ?? 60),
    flooders: Number(flags.get('flooders') ?? 16),
  };
}

async function post(url: string, token: string, env: string, path: string, body: unknown) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'x-env-id': env,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

async function addClient(dataDir: string, name: string): Promise<Client> {
  const run = await runServerCommand(['env', 'add', name, '--data', dataDir]);
  if (run.exitCode !== 0) throw new Error(`env add ${name} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Client;
}

async function seed(url: string, token: string, env: string): Promise<void> {
  for (let start = 0; start < FLOOD_RECORDS; start += 100) {
    const records = Array.from({ length: 100 }, (_, index) => ({
      record_key: `flood-${start + index}`,
      body: 'x'.repeat(200),
      key2: `value-${(start + index) % 1000}`,
      range_key1: start + index,
    }));
    const response = await post(url, token, env, '/v2/storage/records/us/batchWrite', { records });
    if (response.status !== 200) {
      throw new Error(`seeding answered ${response.status}: ${await response.text()}`);
    }
  }
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

async function measure(limitsOff: boolean): Promise<Figures> {
  const { victimFinds, flooders } = options();
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-fair-share-'));
  const flags = limitsOff ? ['--environment-concurrency', '0', '--records-concurrency', '0'] : [];
  const server = await spawnServer(dataDir, ['--countries', 'us', ...flags]);
  try {
    const flood = await addClient(dataDir, 'flood');
    const victim = await addClient(dataDir, 'victim');
    const floodToken = await fetchToken(server.url, flood);
    const victimToken = await fetchToken(server.url, victim);
    await seed(server.url, floodToken, 'flood');
    const heavy = {
      filter: { key2: Array.from({ length: LIST_VALUES }, (_, index) => `value-${index}`) },
      options: { limit: 100 },
    };
    let running = true;
    let floodFinds = 0;
    let refused = 0;
    const floodLoop = async (): Promise<void> => {
      while (running) {
        const response = await post(server.url, floodToken, 'flood', FIND, heavy);
        await response.arrayBuffer();
        if (response.status === 429) refused += 1;
        else floodFinds += 1;
      }
    };
    const floods = Array.from({ length: flooders }, floodLoop);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const times: number[] = [];
    for (let run = 0; run < victimFinds; run += 1) {
      const start = performance.now();
      const response = await post(server.url, victimToken, 'victim', FIND, {
        filter: { key1: `nobody-${run}` },
        options: { limit: 1 },
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`victim find answered ${response.status}`);
      times.push(performance.now() - start);
    }
    running = false;
    await Promise.all(floods);
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), floodFinds, refused };
  } finally {
    await server.stop('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const ms = (value: number): string => `${value.toFixed(1)} ms`;

const { victimFinds, flooders } = options();
console.log(
  `\nFair share: one environment's trivial find while another runs ${flooders} heavy finds (${LIST_VALUES.toLocaleString('en')}-value key2 list over ${FLOOD_RECORDS.toLocaleString('en')} records) in flight, PGlite, ${victimFinds} finds`,
);
console.log(`  load average before: ${load()}`);
const before = await measure(true);
console.log(
  `  limits off: p50 ${ms(before.p50)}, p99 ${ms(before.p99)} (flood finds done ${before.floodFinds}, 429 ${before.refused}); load ${load()}`,
);
const after = await measure(false);
console.log(
  `  defaults:   p50 ${ms(after.p50)}, p99 ${ms(after.p99)} (flood finds done ${after.floodFinds}, 429 ${after.refused}); load ${load()}`,
);
console.log(
  `  p99 ratio off/defaults: ${(before.p99 / after.p99).toFixed(2)}x, p50 ratio ${(before.p50 / after.p50).toFixed(2)}x`,
);
