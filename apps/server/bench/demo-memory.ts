// `pnpm demo` from the repository's root, as a newcomer runs it, measured from outside: its
// wall time, and the resident memory of its whole process tree (pnpm, the demo, the server it
// spawns and anything between them), sampled from /proc every 50 ms. Two peaks: the largest
// sum of one sample, and the sum of each process's own peak (VmHWM, last seen), an upper bound.

import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ProcessMemory, readProcessMemory } from '../test/support/process-memory.ts';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SAMPLE_MS = 50;

/** One process of the demo's tree at its largest. */
export interface DemoProcess {
  readonly pid: number;
  /** Its command line, shortened. */
  readonly command: string;
  /** Its VmHWM when last seen, in bytes. */
  readonly peak: number;
}

/** What one `pnpm demo` run showed. */
export interface DemoFigures {
  readonly wallMs: number;
  readonly exitCode: number | null;
  /** The largest sum of VmRSS over the tree in one sample, in bytes. */
  readonly peakSum: number;
  /** The sum of every process's VmHWM, in bytes. */
  readonly sumOfPeaks: number;
  readonly processes: readonly DemoProcess[];
}

type Sampled = ProcessMemory;

async function sample(pid: number): Promise<Sampled | undefined> {
  // Gone meanwhile, or a kernel thread (no memory of its own, never below the demo).
  return readProcessMemory(pid).catch(() => undefined);
}

async function commandOf(pid: number): Promise<string> {
  const line = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return line
    .split('\0')
    .filter((part) => part !== '')
    .map((part) => part.replace(/^.*\/node_modules\//, '…/').replace(REPO_ROOT, ''))
    .join(' ')
    .slice(0, 90);
}

/** The tree below `root` now: every process whose parent chain reaches it. */
async function sampleTree(root: number): Promise<Map<number, Sampled>> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const all = new Map<number, Sampled>();
  for (const [index, sampled] of (await Promise.all(pids.map(sample))).entries()) {
    if (sampled !== undefined) all.set(pids[index] as number, sampled);
  }
  const tree = new Map<number, Sampled>();
  const rootSample = all.get(root);
  if (rootSample !== undefined) tree.set(root, rootSample);
  for (let grown = true; grown; ) {
    grown = false;
    for (const [pid, sampled] of all) {
      if (!tree.has(pid) && tree.has(sampled.parent)) {
        tree.set(pid, sampled);
        grown = true;
      }
    }
  }
  return tree;
}

/**
 * Runs `pnpm demo` at the repository's root and samples its process tree until it exits.
 * @returns Its wall time, exit code and memory.
 */
export async function measureDemo(): Promise<DemoFigures> {
  const started = performance.now();
  const child = spawn('pnpm', ['demo'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let errorOutput = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    errorOutput = (errorOutput + text).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const peaks = new Map<number, DemoProcess>();
  let peakSum = 0;
  while (!done) {
    const tree = await sampleTree(child.pid as number);
    let sum = 0;
    for (const [pid, sampled] of tree) {
      sum += sampled.rss;
      const known = peaks.get(pid);
      const command = known?.command ?? (await commandOf(pid));
      peaks.set(pid, { pid, command, peak: Math.max(known?.peak ?? 0, sampled.peak) });
    }
    peakSum = Math.max(peakSum, sum);
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
  }
  const exitCode = await exited;
  if (exitCode !== 0) throw new Error(`pnpm demo failed (${exitCode}): ${errorOutput}`);
  const processes = [...peaks.values()].filter((entry) => entry.peak > 0);
  return {
    wallMs: performance.now() - started,
    exitCode,
    peakSum,
    sumOfPeaks: processes.reduce((sum, entry) => sum + entry.peak, 0),
    processes,
  };
}
