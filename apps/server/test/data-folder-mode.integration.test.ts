// The data folder is the owner's alone (issue 14): a folder made open to group and others is
// made 0700 at start, with a warning, and after writes to two countries (and an attachment)
// no file or folder inside is readable, writable or enterable by group or others.

import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectStorage, rawKeyAccessor } from './integration-support/sdk-storage.ts';
import { type SpawnedServer, spawnServer } from './integration-support/spawned-server.ts';

let dataDir: string;
let server: SpawnedServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'residency-modes-'));
  await chmod(dataDir, 0o755);
  server = await spawnServer(dataDir, ['--countries', 'de,us']);
}, 120_000);
afterAll(async () => {
  await server?.stop('SIGTERM');
  await rm(dataDir, { recursive: true, force: true });
});

async function openToOthers(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (((await stat(path)).mode & 0o077) !== 0) found.push(path.slice(dataDir.length));
  }
  return found;
}

it('keeps every file of the data folder owner-only after writes to two countries', {
  timeout: 120_000,
}, async () => {
  expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  const storage = await connectStorage(server.url, server.credentials, {
    secretKeyAccessor: rawKeyAccessor(),
  });
  for (const country of ['de', 'us']) {
    await storage.write(country, { recordKey: `modes-${country}`, body: 'private' });
  }
  await storage.addAttachment('de', 'modes-de', new Blob(['file']), { fileName: 'a.txt' });
  expect(await openToOthers(dataDir)).toEqual([]);
});
