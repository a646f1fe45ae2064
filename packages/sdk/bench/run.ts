// The whole SDK the way users call it: the facade (`createStorage`) against a stand-in server
// on loopback, once in this process (as acceptance measures it) and once in its own process,
// beside the codec alone (RecordCodec encode + decode) and the bare cipher (encrypt + decrypt)
// of the same body, in the same run, so the facade's overhead reads as ratios. Cases: batchWrite
// 100 then find 100, and write then read of one record, each with a raw key and a password.
// Nothing here asserts on time. Run: `pnpm --filter @residency/sdk bench` (about a minute).

import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Cipher } from '@residency/crypto';
import { RecordCodec } from '@residency/storage';
import { measureSlices, type Workload } from '../../../tools/bench.ts';
import { createStorage, SecretKeyAccessor, type Storage } from '../src/index.ts';
import { type Cost, cost } from './cost.ts';
import { startStandIn } from './stand-in.ts';

const ENVIRONMENT_ID = 'bench-environment';
const PASSWORD = 'bench-password-3b7d90e1';
// A fixed 32-byte key (base64), so runs compare; any random key does the same work.
const RAW_KEY = Buffer.alloc(32, 7).toString('base64');
const COUNTRY = 'de';
const BATCH = 100;
const SLICE_MS = 300;
const COST_MS = 700;

// A ~200-byte body: a small JSON document of personal data.
const BODY = JSON.stringify({
  name: 'Grace Hopper',
  email: 'grace.hopper@example.com',
  phone: '+1 202 555 0143',
  address: { street: '1 Navy Yard', city: 'Arlington', postcode: 'VA 22202' },
  born: '1906-12-09',
  notes: 'Prefers contact by phone.',
});

interface Secret {
  readonly label: string;
  readonly accessor: () => SecretKeyAccessor;
}

const SECRETS: readonly Secret[] = [
  { label: 'raw key', accessor: () => secret(RAW_KEY, true) },
  { label: 'password', accessor: () => secret(PASSWORD, false) },
];

function secret(value: string, isKey: boolean): SecretKeyAccessor {
  return new SecretKeyAccessor({
    currentVersion: 1,
    secrets: [{ secret: value, version: 1, isKey }],
  });
}

/** A record of the bench: its key, a group key the find filters on, a range key, the body. */
function record(recordKey: string, group: string) {
  return {
    recordKey,
    key1: group,
    key2: 'arlington',
    serviceKey1: 'crm',
    rangeKey1: 1906,
    body: BODY,
  };
}

/** batchWrite 100 records, then find them back by their group (100 records per call). */
function batchCase(storage: Storage, group: string): Workload {
  const records = Array.from({ length: BATCH }, (_, index) => record(`${group}-${index}`, group));
  return async () => {
    await storage.batchWrite(COUNTRY, records);
    const found = await storage.find(COUNTRY, { key1: group }, { limit: BATCH });
    if (found.records.length !== BATCH || found.records[0]?.body !== BODY) {
      throw new Error('batch round trip failed');
    }
  };
}

/** write one record, then read it back (one record per call). */
function singleCase(storage: Storage, group: string): Workload {
  const one = record(`${group}-single`, group);
  return async () => {
    await storage.write(COUNTRY, one);
    if ((await storage.read(COUNTRY, one.recordKey)).record.body !== BODY) {
      throw new Error('single round trip failed');
    }
  };
}

function codecCase(codec: RecordCodec): Workload {
  const one = record('codec-record', 'codec');
  const stored = {
    created_at: '2024-05-01T12:00:00.000Z',
    updated_at: '2024-05-01T12:00:00.000Z',
    attachments: [],
  };
  return async () => {
    const wire = await codec.encode(one);
    if ((await codec.decode({ ...wire, ...stored })).body !== BODY)
      throw new Error('codec round trip failed');
  };
}

function cipherCase(cipher: Cipher): Workload {
  return async () => {
    const { ciphertext, version } = await cipher.encrypt(BODY);
    if ((await cipher.decrypt(ciphertext, version)) !== BODY)
      throw new Error('cipher round trip failed');
  };
}

/** Starts the stand-in as a child process and waits for the port it prints. */
async function spawnStandIn(): Promise<{ endpoint: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./stand-in.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve((JSON.parse(text) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`stand-in exited (${code}) before listening`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

function facade(endpoint: string, accessor: SecretKeyAccessor): Promise<Storage> {
  // A static token: the stand-in has no token endpoint, and a cached token costs nothing per
  // call anyway. `{}` as the environment keeps the machine's INC_* out.
  return createStorage(
    {
      environmentId: ENVIRONMENT_ID,
      oauthToken: 'bench-token',
      endpoint,
      secretKeyAccessor: accessor,
    },
    {},
  );
}

interface Row {
  readonly name: string;
  readonly rate: number;
  readonly cost: Cost;
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

function table(label: string, rows: readonly Row[]): string {
  const cipher = rows.find((row) => row.name === 'bare cipher')?.rate ?? Number.NaN;
  const codec = rows.find((row) => row.name === 'codec alone')?.rate ?? Number.NaN;
  const lines = [
    `${label}:`,
    `| ${'case'.padEnd(40)} | ${'rec/s'.padStart(8)} | ${'CPU µs/rec'.padStart(10)} | ${'bytes/rec'.padStart(9)} | ${'÷ codec'.padStart(7)} | ${'÷ cipher'.padStart(8)} |`,
    `| ${'-'.repeat(40)} | ${'-'.repeat(7)}: | ${'-'.repeat(9)}: | ${'-'.repeat(8)}: | ${'-'.repeat(6)}: | ${'-'.repeat(7)}: |`,
    ...rows.map(
      (row) =>
        `| ${row.name.padEnd(40)} | ${number(row.rate).padStart(8)} | ${number(row.cost.cpuMicros, 1).padStart(10)} | ${number(row.cost.bytes).padStart(9)} | ${`${(row.rate / codec).toFixed(2)}×`.padStart(7)} | ${`${(row.rate / cipher).toFixed(2)}×`.padStart(8)} |`,
    ),
  ];
  return `${lines.join('\n')}\n\n`;
}

async function main(): Promise<void> {
  process.stdout.write(
    `Node ${process.version}; load average at start: ${load()}; body ${BODY.length} bytes.\n` +
      'rec/s: median of five 300 ms slices after 1 s warm-up, per record (a batch call counts\n' +
      `${BATCH}). CPU and bytes: this process over ${COST_MS} ms; for "own process" the stand-in's CPU\n` +
      'and allocations are excluded. bytes = V8 heap allocated (GC profiler), not external.\n\n',
  );
  const inProcess = await startStandIn();
  const ownProcess = await spawnStandIn();
  try {
    for (const { label, accessor } of SECRETS) {
      const here = await facade(inProcess.endpoint, accessor());
      const there = await facade(ownProcess.endpoint, accessor());
      const cases: readonly { name: string; workload: Workload; records: number }[] = [
        {
          name: 'SDK batchWrite+find 100, in-process',
          workload: batchCase(here, label),
          records: BATCH,
        },
        {
          name: 'SDK batchWrite+find 100, own process',
          workload: batchCase(there, label),
          records: BATCH,
        },
        { name: 'SDK write+read 1, in-process', workload: singleCase(here, label), records: 1 },
        { name: 'SDK write+read 1, own process', workload: singleCase(there, label), records: 1 },
        {
          name: 'codec alone',
          workload: codecCase(
            new RecordCodec({
              environmentId: ENVIRONMENT_ID,
              cipher: new Cipher({ secrets: accessor() }),
            }),
          ),
          records: 1,
        },
        {
          name: 'bare cipher',
          workload: cipherCase(new Cipher({ secrets: accessor() })),
          records: 1,
        },
      ];
      const rates = await measureSlices(
        cases.map((entry) => entry.workload),
        SLICE_MS,
      );
      const rows: Row[] = [];
      for (const [index, entry] of cases.entries()) {
        rows.push({
          name: entry.name,
          rate: (rates[index] ?? 0) * entry.records,
          cost: await cost(entry.workload, entry.records, COST_MS),
        });
      }
      process.stdout.write(table(label, rows));
    }
  } finally {
    await inProcess.close();
    ownProcess.child.kill();
  }
  process.stdout.write(`load average at end: ${load()}\n`);
}

await main();
