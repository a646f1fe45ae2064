// Attachment throughput: a file on disk uploaded by path through the SDK, and downloaded as a
// stream (hashed, never held), against the server in its own process; MiB/s each way, the CPU
// time of the SDK and the server per MiB, and the peak resident size of both processes over
// their baseline after a warm-up: this one (the SDK) and the server's.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '@residency/sdk';
import { streamPieces } from '../test/integration-support/sdk-storage.ts';
import { digest, writeRandomFile } from '../test/support/byte-streams.ts';
import { readProcessMemory, resetPeakMemory } from '../test/support/process-memory.ts';
import { type CpuSpent, measureCpu } from './process-stats.ts';

const MIB = 1024 * 1024;
/** How often both processes' VmRSS is read during a transfer, in milliseconds. */
const SAMPLE_INTERVAL_MS = 20;
const WARM_UP_SIZE = 4 * MIB;
const RECORD_KEY = 'attachment-throughput';

/** One process's resident size around a transfer, in bytes. */
export interface PeakMemory {
  readonly baseline: number;
  readonly peak: number;
  /** Whether VmHWM was reset after the warm-up (else the peak is the sampled maximum only). */
  readonly peakReset: boolean;
}

/** One direction of the transfer. */
export interface TransferFigures {
  readonly mibPerSecond: number;
  /** CPU milliseconds per MiB of this process (the SDK) and of the server. */
  readonly cpuPerMiB: Pick<CpuSpent, 'client' | 'server'>;
  readonly sdk: PeakMemory;
  readonly server: PeakMemory;
}

/** What the attachment benchmark measured. */
export interface AttachmentFigures {
  readonly size: number;
  readonly upload: TransferFigures;
  readonly download: TransferFigures;
  /** The download's SHA-256 equals the file's, and the server's hash of what it stored too. */
  readonly bytesMatch: boolean;
}

/** Reads both processes' VmRSS at an interval, keeping each maximum, until stopped. */
function sampleBoth(serverPid: number) {
  const maximum = { sdk: 0, server: 0 };
  let reading = Promise.resolve();
  const sample = () => {
    maximum.sdk = Math.max(maximum.sdk, process.memoryUsage.rss());
    reading = reading.then(async () => {
      maximum.server = Math.max(maximum.server, (await readProcessMemory(serverPid)).rss);
    });
  };
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      sample();
      await reading;
      return maximum;
    },
  };
}

/** Runs a transfer, measuring the rate, the CPU time and both processes' peak memory. */
async function measureTransfer(
  serverPid: number,
  size: number,
  transfer: () => Promise<void>,
): Promise<TransferFigures> {
  const baseline = {
    sdk: process.memoryUsage.rss(),
    server: (await readProcessMemory(serverPid)).rss,
  };
  const reset = {
    sdk: await resetPeakMemory(process.pid),
    server: await resetPeakMemory(serverPid),
  };
  const sampler = sampleBoth(serverPid);
  const started = performance.now();
  const { cpu } = await measureCpu({ server: serverPid, database: undefined }, transfer);
  const seconds = (performance.now() - started) / 1000;
  const sampled = await sampler.stop();
  const peakOf = async (pid: number, sampledPeak: number, wasReset: boolean) =>
    Math.max(sampledPeak, wasReset ? (await readProcessMemory(pid)).peak : 0);
  const mib = size / MIB;
  return {
    mibPerSecond: mib / seconds,
    cpuPerMiB: { client: cpu.client / mib, server: cpu.server / mib },
    sdk: {
      baseline: baseline.sdk,
      peak: await peakOf(process.pid, sampled.sdk, reset.sdk),
      peakReset: reset.sdk,
    },
    server: {
      baseline: baseline.server,
      peak: await peakOf(serverPid, sampled.server, reset.server),
      peakReset: reset.server,
    },
  };
}

async function hashDownload(storage: Storage, country: string, fileId: string): Promise<string> {
  const { attachmentData } = await storage.getAttachmentFile(country, RECORD_KEY, fileId);
  return (await digest(streamPieces(attachmentData.file))).hash;
}

/** Uploads the file at `path` and downloads it again, without measuring (the warm-up). */
async function roundTrip(storage: Storage, country: string, path: string): Promise<void> {
  const { attachmentMeta } = await storage.addAttachment(country, RECORD_KEY, path);
  await hashDownload(storage, country, attachmentMeta.fileId);
  await storage.deleteAttachment(country, RECORD_KEY, attachmentMeta.fileId);
}

/**
 * Uploads a file of `size` random bytes from disk through the SDK, then downloads it, after a
 * 4 MiB warm-up round trip; the files are written to a temporary folder first (not timed).
 * @param storage The SDK, connected to the server, allowed uploads of `size` bytes.
 * @param country The country whose database stores the file.
 * @param serverPid The server process.
 * @param size The file's size in bytes.
 * @returns Rates, CPU times and peak memory each way, and whether the bytes matched.
 */
export async function measureAttachmentThroughput(
  storage: Storage,
  country: string,
  serverPid: number,
  size: number,
): Promise<AttachmentFigures> {
  const folder = await mkdtemp(join(tmpdir(), 'residency-attachment-bench-'));
  try {
    const warmUpPath = join(folder, 'warm-up.bin');
    const path = join(folder, 'large.bin');
    await writeRandomFile(warmUpPath, WARM_UP_SIZE);
    const sent = await writeRandomFile(path, size);
    await storage.write(country, { recordKey: RECORD_KEY, body: 'carries the bench file' });
    await roundTrip(storage, country, warmUpPath);
    let stored = { fileId: '', hash: '' };
    const upload = await measureTransfer(serverPid, size, async () => {
      stored = (await storage.addAttachment(country, RECORD_KEY, path)).attachmentMeta;
    });
    let received = '';
    const download = await measureTransfer(serverPid, size, async () => {
      received = await hashDownload(storage, country, stored.fileId);
    });
    await storage.deleteAttachment(country, RECORD_KEY, stored.fileId);
    return { size, upload, download, bytesMatch: received === sent && stored.hash === sent };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
