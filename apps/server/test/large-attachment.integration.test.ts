// A 200 MiB attachment through the facade SDK and the real server (PGlite, in its own process,
// with a raised --max-attachment-size): the bytes come back identical (SHA-256) while the SDK's
// resident size grows by less than 64 MiB. The SDK runs in a child process of its own
// (attachment-client.ts), so that its RSS is not mixed with the test files vitest runs beside
// this one. Three upload sources, at once: an async iterable, a web ReadableStream and a file on
// disk (a path). And a file one byte over a server's limit is refused with the documented error
// (packages/attachments/README.md, Errors).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageServerError } from '@residency/sdk';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  runAttachmentClient,
  type UploadSourceKind,
} from './integration-support/attachment-client.ts';
import { connectStorage } from './integration-support/sdk-storage.ts';
import { spawnServer } from './integration-support/spawned-server.ts';
import { SERVER_TIMEOUT_MS } from './integration-support/test-server.ts';
import { pseudoRandomBytes } from './support/byte-streams.ts';

const MIB = 1024 * 1024;
const FILE_SIZE = 200 * MIB;
const MAX_RSS_GROWTH = 64 * MIB;
/** The limit of the second server, for the file one byte over it. */
const SMALL_LIMIT = MIB;
/** Three 200 MiB round trips at once through PGlite on a busy 2-core machine: a hang guard. */
const TRANSFER_TIMEOUT_MS = 300_000;
const SOURCE_KINDS: readonly UploadSourceKind[] = ['iterable', 'web-stream', 'path'];

/** A server in its own process on a fresh data folder, allowing uploads up to `limit` bytes. */
async function startServer(limit: number) {
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-large-attachment-'));
  const server = await spawnServer(dataDir, [
    ...['--countries', 'de', '--max-attachment-size', String(limit)],
  ]).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    server,
    close: async () => {
      await server.stop('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describe('a 200 MiB attachment through the SDK, in a process of its own, on PGlite', () => {
  let large: Awaited<ReturnType<typeof startServer>> | undefined;
  let small: Awaited<ReturnType<typeof startServer>> | undefined;
  let workDir: string | undefined;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'residency-large-files-'));
    [large, small] = await Promise.all([startServer(FILE_SIZE), startServer(SMALL_LIMIT)]);
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([large?.close(), small?.close()]);
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  // The transfers run at once (each client measures only itself), to keep the file's time down.
  it.concurrent.for(SOURCE_KINDS)(
    'uploads it from %s and downloads it: SHA-256 matches, the SDK grows < 64 MiB',
    { timeout: TRANSFER_TIMEOUT_MS },
    async (source, { expect }) => {
      const { server } = large as NonNullable<typeof large>;
      const report = await runAttachmentClient({
        url: server.url,
        credentials: server.credentials,
        size: FILE_SIZE,
        source,
        maxAttachmentSize: FILE_SIZE,
        workDir: workDir as string,
      });
      expect(report.size).toBe(FILE_SIZE);
      expect(report.storedSize).toBe(FILE_SIZE);
      expect(report.storedSha256).toBe(report.sentSha256);
      expect(report.receivedSha256).toBe(report.sentSha256);
      expect(report.peakRss - report.baselineRss).toBeLessThan(MAX_RSS_GROWTH);
    },
  );

  it.concurrent('refuses a file one byte over the server limit with StorageServerError 413', async ({
    expect,
  }) => {
    const { server } = small as NonNullable<typeof small>;
    // The SDK's own limit is higher, so that the server is the one to refuse.
    const storage = await connectStorage(server.url, server.credentials, {
      maxAttachmentSize: 2 * SMALL_LIMIT,
    });
    await storage.write('de', { recordKey: 'limited', body: 'one file of at most 1 MiB' });
    const refused = await storage
      .addAttachment('de', 'limited', pseudoRandomBytes(SMALL_LIMIT + 1, 64 * 1024))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(StorageServerError);
    expect((refused as StorageServerError).status).toBe(413);
    expect((await storage.read('de', 'limited')).record.attachments).toEqual([]);
    const { attachmentMeta } = await storage.addAttachment(
      'de',
      'limited',
      pseudoRandomBytes(SMALL_LIMIT, 64 * 1024),
    );
    expect(attachmentMeta.size).toBe(SMALL_LIMIT);
  });
});
