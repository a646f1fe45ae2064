// The SDK side of the large-attachment test, in a process of its own so that its resident size
// is the SDK's alone (vitest runs test files side by side in one worker pool). It connects the
// facade SDK to a running server, writes a record, streams a file of random bytes up (from an
// async iterable, a web ReadableStream or a file on disk) and back down, and prints one JSON
// line: the SHA-256 of what it sent and of what it received, and its RSS before and at the peak
// of the transfer. Run by `runAttachmentClient` below:
//
//   node --conditions=@residency/source --import tsx test/integration-support/attachment-client.ts
//
// with its settings, credentials included, in the ATTACHMENT_CLIENT environment variable (JSON,
// `AttachmentClientSettings`), never on the command line.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from '@residency/sdk';
import type { NewClient } from '../../src/index.ts';
import { digest, randomPieces, writeRandomFile } from '../support/byte-streams.ts';
import { readProcessMemory, resetPeakMemory } from '../support/process-memory.ts';
import { connectStorage, streamPieces } from './sdk-storage.ts';
import { SERVER_PACKAGE_DIR } from './spawned-server.ts';

/** How often the RSS is read during the transfer, in milliseconds. */
const SAMPLE_INTERVAL_MS = 20;
/** The warm-up round trip's size, after which the baseline is read. */
const WARM_UP_SIZE = 4 * 1024 * 1024;
const COUNTRY = 'de';
const SETTINGS_VARIABLE = 'ATTACHMENT_CLIENT';

/** What `addAttachment` is given: the kinds of upload source the test covers. */
export type UploadSourceKind = 'iterable' | 'web-stream' | 'path';

/** The client's settings. */
export interface AttachmentClientSettings {
  /** The server's base URL. */
  readonly url: string;
  /** The client's environment id, client id and secret. */
  readonly credentials: NewClient;
  /** The file's size in bytes. */
  readonly size: number;
  readonly source: UploadSourceKind;
  /** The SDK's `maxAttachmentSize`. */
  readonly maxAttachmentSize: number;
  /** A folder for the files of the `path` kind; they are removed at the end. */
  readonly workDir: string;
}

/** What the client prints. */
export interface AttachmentClientReport {
  readonly source: UploadSourceKind;
  /** The bytes received. */
  readonly size: number;
  readonly sentSha256: string;
  readonly receivedSha256: string;
  /** The size and SHA-256 the server reported for the stored file. */
  readonly storedSize: number;
  readonly storedSha256: string;
  /** The RSS after the warm-up transfer, in bytes. */
  readonly baselineRss: number;
  /** The largest RSS during the transfer: samples, and VmHWM when it could be reset. */
  readonly peakRss: number;
  /** Whether VmHWM was reset after the warm-up and counted in `peakRss`. */
  readonly peakReset: boolean;
  readonly uploadMs: number;
  readonly downloadMs: number;
}

/** A web stream over the pieces, one piece per pull. */
function webStream(pieces: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await pieces.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The upload's `file` argument of the given kind, and the SHA-256 of its bytes once read. */
async function uploadSource(settings: AttachmentClientSettings, size: number, name: string) {
  const hash = createHash('sha256');
  if (settings.source === 'path') {
    const path = join(settings.workDir, name);
    const sha256 = await writeRandomFile(path, size);
    return { file: path, sha256: () => sha256, cleanUp: () => rm(path, { force: true }) };
  }
  const pieces = randomPieces(size, hash);
  const file = settings.source === 'iterable' ? pieces : webStream(pieces);
  return { file, sha256: () => hash.digest('hex'), cleanUp: async () => undefined };
}

/** The record the file is attached to: one per source kind, as clients may run at once. */
const recordKeyOf = (settings: AttachmentClientSettings): string => `large-file-${settings.source}`;

/** Downloads an attachment, hashing and counting it as it arrives. */
async function download(storage: Storage, recordKey: string, fileId: string) {
  const { attachmentData } = await storage.getAttachmentFile(COUNTRY, recordKey, fileId);
  const { hash, size } = await digest(streamPieces(attachmentData.file));
  return { sha256: hash, size };
}

/** One file up and down; the file is prepared (written to disk) before `onPrepared` runs. */
async function roundTrip(
  storage: Storage,
  settings: AttachmentClientSettings,
  size: number,
  onPrepared: () => Promise<void>,
) {
  const source = await uploadSource(settings, size, `upload-${size}.bin`);
  try {
    await onPrepared();
    const uploadStarted = performance.now();
    const recordKey = recordKeyOf(settings);
    const { attachmentMeta } = await storage.addAttachment(COUNTRY, recordKey, source.file, {
      fileName: 'large.bin',
    });
    const downloadStarted = performance.now();
    const received = await download(storage, recordKey, attachmentMeta.fileId);
    const finished = performance.now();
    await storage.deleteAttachment(COUNTRY, recordKey, attachmentMeta.fileId);
    return {
      size: received.size,
      storedSize: attachmentMeta.size,
      storedSha256: attachmentMeta.hash,
      sentSha256: source.sha256(),
      receivedSha256: received.sha256,
      uploadMs: downloadStarted - uploadStarted,
      downloadMs: finished - downloadStarted,
    };
  } finally {
    await source.cleanUp();
  }
}

/** Reads the RSS at an interval, keeping the largest, until stopped. */
function sampleRss(): { stop(): number } {
  let largest = process.memoryUsage.rss();
  const timer = setInterval(() => {
    largest = Math.max(largest, process.memoryUsage.rss());
  }, SAMPLE_INTERVAL_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(largest, process.memoryUsage.rss());
    },
  };
}

async function main(settings: AttachmentClientSettings): Promise<AttachmentClientReport> {
  const storage = await connectStorage(settings.url, settings.credentials, {
    maxAttachmentSize: settings.maxAttachmentSize,
  });
  await storage.write(COUNTRY, { recordKey: recordKeyOf(settings), body: 'carries a large file' });
  // Warm-up: the token, the connection, and the upload and download paths' code and buffers.
  await roundTrip(storage, settings, WARM_UP_SIZE, async () => undefined);
  let baselineRss = 0;
  let peakReset = false;
  let sampler: { stop(): number } | undefined;
  const transfer = await roundTrip(storage, settings, settings.size, async () => {
    baselineRss = process.memoryUsage.rss();
    peakReset = await resetPeakMemory(process.pid);
    sampler = sampleRss();
  });
  const sampledPeak = sampler?.stop() ?? 0;
  const peakRss = Math.max(
    sampledPeak,
    peakReset ? (await readProcessMemory(process.pid)).peak : 0,
  );
  return { source: settings.source, ...transfer, baselineRss, peakRss, peakReset };
}

/**
 * Runs the client in a child process and returns its report.
 * @param settings The server, the credentials, the file's size and source kind.
 * @returns What the client printed.
 * @throws Error with the client's stderr when it fails.
 */
export function runAttachmentClient(
  settings: AttachmentClientSettings,
): Promise<AttachmentClientReport> {
  const script = 'test/integration-support/attachment-client.ts';
  const child = spawn(
    process.execPath,
    ['--conditions=@residency/source', '--import', 'tsx', script],
    {
      cwd: SERVER_PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [SETTINGS_VARIABLE]: JSON.stringify(settings) },
    },
  );
  let output = '';
  let errorOutput = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    errorOutput = (errorOutput + text).slice(-8000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as AttachmentClientReport);
      else reject(new Error(`attachment client ended (${signal ?? code}):\n${errorOutput}`));
    });
  });
}

const settingsText = process.env[SETTINGS_VARIABLE];
if (settingsText !== undefined && process.argv[1]?.endsWith('attachment-client.ts') === true) {
  const report = await main(JSON.parse(settingsText) as AttachmentClientSettings);
  console.log(JSON.stringify(report));
}
