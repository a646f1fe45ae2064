// The start bench (`pnpm --filter @residency/server bench`, after bench/run.ts): the server
// binary in its own process on PGlite with the six default countries, as a user starts it.
//
//   tsx --conditions=@residency/source bench/startup.ts [--starts=N] [--writes=N]
//       [--server=sources|built] [--demo-runs=N]
//
// (a) `--starts` starts on a fresh data folder and as many on the existing one: the time from
//     spawn to `listening on`, the first request to each country (a write, the six sent at once
//     with a health check beside them) and the resident memory after; the reference is a bare
//     HTTP server in a Node process started the same way (sources: with the tsx loader), and
//     bare PGlite opening a copy of the template in a process of its own; ratios against both.
// (b) the server's resident memory after `--writes` records written to each country.
// (c) `pnpm demo` from the repository's root, `--demo-runs` times: wall time and the memory of
//     its whole process tree.
// Figures only: nothing here asserts on time.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_PACKAGE_DIR } from '../test/integration-support/spawned-server.ts';
import { readProcessMemory } from '../test/support/process-memory.ts';
import { mebibytes } from './bench-measure.ts';
import { formatTable } from './bench-report.ts';
import { measureDemo } from './demo-memory.ts';
import {
  measureStart,
  type ServerEntry,
  type StartFigures,
  writeToEveryCountry,
} from './startup-measure.ts';

interface StartupOptions {
  readonly starts: number;
  readonly writes: number;
  readonly entry: ServerEntry;
  readonly demoRuns: number;
}

function parseOptions(args: readonly string[]): StartupOptions {
  const flags = new Map(args.map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  const count = (name: string, fallback: number, min = 1): number => {
    const value = Number(flags.get(name) ?? fallback);
    if (!Number.isSafeInteger(value) || value < min) {
      throw new Error(`--${name} must be an integer ≥ ${min}`);
    }
    return value;
  };
  const entry = flags.get('server') ?? 'sources';
  if (entry !== 'sources' && entry !== 'built') throw new Error('--server=sources|built');
  return {
    starts: count('starts', 20),
    writes: count('writes', 1000),
    entry,
    demoRuns: count('demo-runs', 3, 0),
  };
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const ms = (value: number): string => value.toFixed(0);
const ratio = (value: number, reference: number): string => `${(value / reference).toFixed(2)}×`;

/** PGlite alone opening a template copy, in a process started as the binary is. */
async function pgliteReference(
  scratch: string,
): Promise<{ openMs: number; listeningMs: number; rss: number }> {
  const loader = ['--conditions=@residency/source', '--import', 'tsx'];
  const script = join(SERVER_PACKAGE_DIR, 'bench', 'pglite-open-reference.ts');
  // Bench code: it runs from sources, with the tsx loader, whichever server entry is measured.
  const started = performance.now();
  const child = spawn(process.execPath, [...loader, script, join(scratch, 'bare-pglite')], {
    cwd: SERVER_PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listeningMs = performance.now() - started;
  if (code !== 0) throw new Error(`the PGlite reference exited with ${code}`);
  const { openMs, rss } = JSON.parse(output) as { openMs: number; rss: number };
  return { openMs, listeningMs, rss };
}

/** A bare HTTP server started as the binary is: the floor of a start and a first request. */
async function reference(
  entry: ServerEntry,
): Promise<{ listeningMs: number; requestMs: number; rss: number }> {
  const code = `require('node:http').createServer((q, s) => s.end('{}')).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;
  const loader = entry === 'sources' ? ['--import', 'tsx'] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...loader, '-e', code], {
    cwd: SERVER_PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      const match = /listening on (\S+)/.exec(text);
      if (match !== null) resolve(match[1] as string);
    });
  });
  const listeningMs = performance.now() - started;
  const requested = performance.now();
  await (await fetch(url)).arrayBuffer();
  const requestMs = performance.now() - requested;
  const { rss } = await readProcessMemory(child.pid as number);
  child.kill('SIGTERM');
  return { listeningMs, requestMs, rss };
}

function startRows(label: string, runs: readonly StartFigures[]): string[] {
  const listening = runs.map((run) => run.listeningMs);
  const first = runs.flatMap((run) => run.firstRequestMs);
  const health = runs.map((run) => run.healthMs);
  const rss = runs.map((run) => run.rss);
  return [
    label,
    `${ms(quantile(listening, 0.5))} / ${ms(Math.max(...listening))}`,
    `${ms(quantile(first, 0.5))} / ${ms(quantile(first, 0.99))} / ${ms(Math.max(...first))}`,
    `${ms(quantile(health, 0.5))} / ${ms(Math.max(...health))}`,
    `${mebibytes(quantile(rss, 0.5))} / ${mebibytes(Math.max(...rss))}`,
  ];
}

async function benchStarts(options: StartupOptions): Promise<void> {
  const fresh: StartFigures[] = [];
  const existing: StartFigures[] = [];
  const dataDirs: string[] = [];
  try {
    for (let run = 0; run < options.starts; run++) {
      const dataDir = await mkdtemp(join(tmpdir(), 'residency-startup-'));
      dataDirs.push(dataDir);
      for (const into of [fresh, existing]) {
        const { figures, server } = await measureStart(dataDir, options.entry);
        into.push(figures);
        await server.stop('SIGTERM');
      }
    }
    const base = await reference(options.entry);
    const bare = await pgliteReference(dataDirs[0] as string);
    console.log(
      `\n(a) ${options.starts} starts on a fresh data folder and ${options.starts} on the existing one, six countries (ms; p50 / max, first requests p50 / p99 / max of ${6 * options.starts})`,
    );
    for (const line of formatTable([
      [
        'start',
        'spawn → listening',
        'first request per country',
        'health check beside',
        'RSS after',
      ],
      startRows('fresh data folder', fresh),
      startRows('existing data folder', existing),
      [
        'reference: bare HTTP server',
        ms(base.listeningMs),
        `${ms(base.requestMs)} (its first request)`,
        '—',
        mebibytes(base.rss),
      ],
      [
        'reference: bare PGlite opening a template copy',
        `${ms(bare.listeningMs)} (process), ${ms(bare.openMs)} (copy + open)`,
        '—',
        '—',
        mebibytes(bare.rss),
      ],
    ])) {
      console.log(line);
    }
    const p50 = (runs: readonly StartFigures[], pick: (run: StartFigures) => number) =>
      quantile(runs.map(pick), 0.5);
    const firstP99 = quantile(
      fresh.concat(existing).flatMap((run) => run.firstRequestMs),
      0.99,
    );
    console.log(
      `    ratios: listening p50 fresh ${ratio(
        p50(fresh, (run) => run.listeningMs),
        bare.listeningMs,
      )} / existing ${ratio(
        p50(existing, (run) => run.listeningMs),
        bare.listeningMs,
      )} the bare PGlite process; first request p99 ${ratio(firstP99, base.requestMs)} a bare HTTP server's; RSS p50 fresh ${ratio(
        p50(fresh, (run) => run.rss),
        bare.rss,
      )} / existing ${ratio(
        p50(existing, (run) => run.rss),
        bare.rss,
      )} bare PGlite's`,
    );
    await benchWrites(dataDirs[0] as string, options);
  } finally {
    for (const dataDir of dataDirs) await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchWrites(dataDir: string, options: StartupOptions): Promise<void> {
  const { figures, server, client } = await measureStart(dataDir, options.entry);
  try {
    const written = performance.now();
    await writeToEveryCountry(client, options.writes);
    const seconds = (performance.now() - written) / 1000;
    const memory = await readProcessMemory(server.pid);
    console.log(
      `\n(b) ${options.writes.toLocaleString('en-US')} records written to each of the six countries (batches of 100, ${((6 * options.writes) / seconds).toFixed(0)} records/s): server RSS ${mebibytes(figures.rss)} after start → ${mebibytes(memory.rss)}, peak (VmHWM) ${mebibytes(memory.peak)}`,
    );
  } finally {
    await server.stop('SIGTERM');
  }
}

async function benchDemo(runs: number): Promise<void> {
  if (runs === 0) return;
  console.log(
    `\n(c) \`pnpm demo\` from the repository's root, ${runs} run(s): process tree sampled every 50 ms`,
  );
  const rows = [['run', 'wall', 'peak RSS (sum of a sample)', 'sum of each process peak']];
  let last: Awaited<ReturnType<typeof measureDemo>> | undefined;
  for (let run = 1; run <= runs; run++) {
    last = await measureDemo();
    rows.push([
      String(run),
      `${(last.wallMs / 1000).toFixed(1)} s`,
      mebibytes(last.peakSum),
      mebibytes(last.sumOfPeaks),
    ]);
  }
  for (const line of formatTable(rows)) console.log(line);
  console.log('    processes of the last run, each at its peak (VmHWM):');
  for (const entry of last?.processes ?? []) {
    console.log(`      ${mebibytes(entry.peak).padStart(10)}  ${entry.command}`);
  }
}

const options = parseOptions(process.argv.slice(2));
const started = performance.now();
console.log(
  `# start bench: Node ${process.version}, ${cpus().length} cores, server from ${options.entry === 'built' ? 'bin/residency-server.js (built)' : 'sources (node --import tsx src/main.ts)'}, load average ${loadavg()[0]?.toFixed(1)} at start`,
);
await benchStarts(options);
await benchDemo(options.demoRuns);
console.log(
  `\nfinished in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()[0]?.toFixed(1)} at the end`,
);
