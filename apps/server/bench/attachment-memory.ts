// (c) The server's memory while a big attachment streams up and down through it: the server
// runs in its own process; its resident size (VmRSS) is sampled from /proc/<pid>/status during
// the transfer and its peak (VmHWM, reset after the warm-up where the kernel allows) read after.
// Streaming means the peak stays near the baseline whatever the size of the file.

import { createHash } from 'node:crypto';
import type { Storage } from '@residency/sdk';
import { streamPieces } from '../test/integration-support/sdk-storage.ts';
import { digest, randomPieces } from '../test/support/byte-streams.ts';
import { readProcessMemory, resetPeakMemory } from '../test/support/process-memory.ts';

const MIB = 1024 * 1024;
/** How often the server's VmRSS is read during the transfer, in milliseconds. */
const SAMPLE_INTERVAL_MS = 50;

/** What the memory benchmark measured. */
export interface MemoryFigures {
  readonly baseline: number;
  readonly peak: number;
  /** Whether VmHWM was reset after the warm-up (else the peak is the sampled maximum only). */
  readonly peakReset: boolean;
  readonly uploadMiBPerSecond: number;
  readonly downloadMiBPerSecond: number;
  /** The downloaded bytes' SHA-256 equals the uploaded bytes'. */
  readonly bytesMatch: boolean;
}

/** Reads the server's VmRSS at an interval, keeping the maximum, until stopped. */
function sampleRss(pid: number): { stop(): Promise<number> } {
  let maximum = 0;
  let reading = Promise.resolve();
  const timer = setInterval(() => {
    reading = reading.then(async () => {
      maximum = Math.max(maximum, (await readProcessMemory(pid)).rss);
    });
  }, SAMPLE_INTERVAL_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      await reading;
      return maximum;
    },
  };
}

async function roundTrip(storage: Storage, recordKey: string, size: number) {
  const sent = createHash('sha256');
  const uploadStarted = performance.now();
  const { attachmentMeta } = await storage.addAttachment(
    'de',
    recordKey,
    randomPieces(size, sent),
    { fileName: 'big.bin' },
  );
  const uploadSeconds = (performance.now() - uploadStarted) / 1000;
  const downloadStarted = performance.now();
  const { attachmentData } = await storage.getAttachmentFile(
    'de',
    recordKey,
    attachmentMeta.fileId,
  );
  const received = (await digest(streamPieces(attachmentData.file))).hash;
  const downloadSeconds = (performance.now() - downloadStarted) / 1000;
  await storage.deleteAttachment('de', recordKey, attachmentMeta.fileId);
  return { uploadSeconds, downloadSeconds, bytesMatch: received === sent.digest('hex') };
}

/**
 * Streams a file of `size` bytes up to the server and back down through the SDK, measuring the
 * server process's memory.
 * @param storage The SDK, connected to the server, allowed uploads of `size` bytes.
 * @param pid The server process.
 * @param size The file's size in bytes.
 * @returns Baseline and peak resident size, transfer rates, and whether the bytes matched.
 */
export async function measureAttachmentMemory(
  storage: Storage,
  pid: number,
  size: number,
): Promise<MemoryFigures> {
  await storage.write('de', { recordKey: 'memory-bench', body: 'carries the big file' });
  // Warm-up: the upload and download paths load their code and buffers once.
  await roundTrip(storage, 'memory-bench', 4 * MIB);
  const baseline = (await readProcessMemory(pid)).rss;
  const peakReset = await resetPeakMemory(pid);
  const sampler = sampleRss(pid);
  const transfer = await roundTrip(storage, 'memory-bench', size);
  const sampledPeak = await sampler.stop();
  const reportedPeak = peakReset ? (await readProcessMemory(pid)).peak : 0;
  return {
    baseline,
    peak: Math.max(sampledPeak, reportedPeak),
    peakReset,
    uploadMiBPerSecond: size / MIB / transfer.uploadSeconds,
    downloadMiBPerSecond: size / MIB / transfer.downloadSeconds,
    bytesMatch: transfer.bytesMatch,
  };
}
