// A deployment as architecture.md draws it: one PostgreSQL, three server copies in processes of
// their own (each its own data folder, one shared token signing key and SSE key), the SDK
// driven across all three in turn. Checks what a load balancer in front of them relies on: a
// token from one copy works on the others, the control plane's changes reach every copy,
// records written through one copy read back through the others, two `migrateAll` runs from two
// copies leave every record migrated, a SIGKILLed copy loses no acknowledged write, and a
// SIGTERMed copy finishes the request it is serving before it exits.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordInput, Storage } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, NewClient } from '../src/index.ts';
import {
  countByVersion,
  numberedRecords,
  rotationSecrets,
  writeInBatches,
} from './integration-support/migration-fixtures.ts';
import { fetchToken, rawClient, tokenAnswer } from './integration-support/raw-http.ts';
import { connectStorage, rawKeyAccessor } from './integration-support/sdk-storage.ts';
import { slowUpload } from './integration-support/slow-upload.ts';
import {
  runServerCommand,
  type ServerProcess,
  spawnServer,
  spawnServerProcess,
} from './integration-support/spawned-server.ts';
import { createTestDatabase, testPostgres } from './support/test-postgres.ts';

const COPIES = 3;
const COUNTRY = 'de';
/** Three server starts in child processes, 3,000 records and two migrations on 2 busy cores. */
const SUITE_TIMEOUT_MS = 300_000;
/** A guard against a change that never arrives, never a speed check (the bench measures it). */
const PROPAGATION_GUARD_MS = 20_000;

/** Polls `check` until it holds; throws when the guard time passes first. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + PROPAGATION_GUARD_MS;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not seen within the guard time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function readStatus(url: string, client: NewClient, token: string): Promise<number> {
  const response = await fetch(`${url}/v2/storage/records/${COUNTRY}/find`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'x-env-id': client.environmentId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ filter: {}, options: { limit: 1 } }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function envCommand(args: readonly string[], controlUrl: string): Promise<unknown> {
  const run = await runServerCommand(['env', ...args, '--postgres-url', controlUrl]);
  if (run.exitCode !== 0) throw new Error(`env ${args[0]} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('three server copies on one PostgreSQL', () => {
  let postgresUrl: string;
  const dataDirs: string[] = [];
  let copies: ServerProcess[] = [];
  let credentials: Credentials;
  const secrets = rawKeyAccessor();
  // One signing key and SSE key for the deployment, as its operators would configure them.
  const sharedKeys = {
    RESIDENCY_TOKEN_SIGNING_KEY: randomBytes(32).toString('base64'),
    RESIDENCY_SSE_KEY: randomBytes(32).toString('base64'),
  };
  const flags = (): string[] => ['--postgres-url', postgresUrl, '--countries', COUNTRY];

  /** A storage of the development environment through one copy. */
  const storageOn = (copy: number, accessor = secrets): Promise<Storage> =>
    connectStorage(copies[copy]?.url as string, credentials, { secretKeyAccessor: accessor });

  beforeAll(async () => {
    postgresUrl = await createTestDatabase(await testPostgres(), 'copies');
    for (let index = 0; index < COPIES; index += 1) {
      dataDirs.push(await mkdtemp(join(tmpdir(), `residency-copy-${index}-`)));
    }
    // The first copy finds the control plane empty and creates the development client; the
    // others, started at once after it, find it there.
    const first = await spawnServer(dataDirs[0] as string, flags(), { env: sharedKeys });
    credentials = first.credentials;
    const others = await Promise.all(
      dataDirs.slice(1).map((dir) => spawnServerProcess(dir, flags(), { env: sharedKeys })),
    );
    copies = [first, ...others];
  }, SUITE_TIMEOUT_MS);
  afterAll(async () => {
    for (const copy of copies) await copy.stop('SIGKILL');
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the development client once: the copies that found it write no credentials', async () => {
    for (const dir of dataDirs.slice(1)) {
      expect(await exists(join(dir, 'credentials.json'))).toBe(false);
    }
    for (const copy of copies.slice(1)) {
      expect(copy.log()).not.toContain(credentials.clientSecret);
      expect(copy.log()).toMatch(/development/);
    }
  });

  it('accepts a token from one copy on every other', async () => {
    const token = await fetchToken(copies[0]?.url as string, credentials);
    for (const copy of copies) expect(await readStatus(copy.url, credentials, token)).toBe(200);
  });

  it('sees env add, rotate-secret and remove on the control plane on every copy', async () => {
    const added = (await envCommand(['add', 'joined-later'], postgresUrl)) as NewClient;
    for (const copy of copies) {
      await eventually('env add', async () => (await tokenAnswer(copy.url, added)).status === 200);
    }
    const oldToken = await fetchToken(copies[1]?.url as string, added);
    const rotated = (await envCommand(['rotate-secret', 'joined-later'], postgresUrl)) as NewClient;
    for (const copy of copies) {
      await eventually('rotation', async () => {
        const [fresh, old] = [
          (await tokenAnswer(copy.url, rotated)).status,
          await readStatus(copy.url, added, oldToken),
        ];
        return fresh === 200 && old === 401;
      });
      expect((await tokenAnswer(copy.url, added)).status).toBe(401);
    }
    const newToken = await fetchToken(copies[2]?.url as string, rotated);
    await envCommand(['remove', 'joined-later'], postgresUrl);
    for (const copy of copies) {
      await eventually('env remove', async () => {
        const [fresh, old] = [
          (await tokenAnswer(copy.url, rotated)).status,
          await readStatus(copy.url, rotated, newToken),
        ];
        return fresh === 401 && old === 401;
      });
    }
  });

  it(
    'reads 3,000 records written across the copies back through other copies',
    async () => {
      const storages = await Promise.all(copies.map((_, index) => storageOn(index)));
      const records = numberedRecords('spread', 3_000);
      // Batches of 100 go to the copies in turn, three at a time.
      for (let start = 0; start < records.length; start += 300) {
        await Promise.all(
          storages.map((storage, index) =>
            storage.batchWrite(
              COUNTRY,
              records.slice(start + index * 100, start + index * 100 + 100),
            ),
          ),
        );
      }
      const expected = new Map(records.map((record) => [record.recordKey, record.body]));
      for (const [index, storage] of storages.entries()) {
        // Each copy reads what the two others wrote, every record decrypting to its body.
        const found = new Map<string, string | null>();
        for await (const record of storage.iterate(COUNTRY, { key1: { $not: 'none' } })) {
          if (record.recordKey.startsWith('spread-')) found.set(record.recordKey, record.body);
        }
        expect(found.size, `records read through copy ${index}`).toBe(3_000);
        for (const [key, body] of expected) expect(found.get(key)).toBe(body);
      }
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    'leaves every record migrated after two migrateAll runs from two copies',
    async () => {
      const rotation = rotationSecrets();
      const client = (await envCommand(['add', 'rotating'], postgresUrl)) as NewClient;
      for (const copy of copies) {
        await eventually(
          'env add',
          async () => (await tokenAnswer(copy.url, client)).status === 200,
        );
      }
      const on = (copy: number, accessor = rotation.before) =>
        connectStorage(copies[copy]?.url as string, client, { secretKeyAccessor: accessor });
      await writeInBatches(await on(0), COUNTRY, numberedRecords('rotate', 1_000));
      const raw = rawClient(copies[0]?.url as string, client);
      expect(await countByVersion(raw, COUNTRY, 1)).toEqual({ at: 1_000, other: 0 });
      const [one, two] = await Promise.all([
        (await on(1, rotation.rotated)).migrateAll(COUNTRY, { concurrency: 2 }),
        (await on(2, rotation.rotated)).migrateAll(COUNTRY, { concurrency: 2 }),
      ]);
      expect([one.complete, two.complete, one.failed, two.failed]).toEqual([true, true, 0, 0]);
      expect(one.migrated + two.migrated).toBeGreaterThanOrEqual(1_000);
      expect(await countByVersion(raw, COUNTRY, 2)).toEqual({ at: 1_000, other: 0 });
      // Only the new secret is needed now, through any copy.
      const retired = await on(2, rotation.retired);
      expect((await retired.read(COUNTRY, 'rotate-999')).record.body).toContain('rotate 999');
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    'loses no acknowledged write when a copy is SIGKILLed mid-stream',
    async () => {
      const victim = copies[2] as ServerProcess;
      const storage = await storageOn(2);
      const acknowledged: string[] = [];
      const writes = (async () => {
        for (let sequence = 0; ; sequence += 1) {
          const record: RecordInput = {
            recordKey: `killed-${sequence}`,
            body: `body ${sequence}`,
            key1: 'killed',
          };
          try {
            await storage.write(COUNTRY, record);
          } catch {
            return;
          }
          acknowledged.push(record.recordKey);
          if (acknowledged.length === 100) void victim.stop('SIGKILL');
        }
      })();
      await writes;
      expect(await victim.exited).toBe('SIGKILL');
      const survivor = await storageOn(0);
      const found = new Set<string>();
      for await (const record of survivor.iterate(COUNTRY, { key1: 'killed' })) {
        found.add(record.recordKey);
      }
      expect(acknowledged.filter((key) => !found.has(key))).toEqual([]);
      // The copy comes back on its data folder and serves again.
      copies[2] = await spawnServerProcess(dataDirs[2] as string, flags(), { env: sharedKeys });
      expect((await (await storageOn(2)).read(COUNTRY, 'killed-0')).record.body).toBe('body 0');
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    'drains a SIGTERMed copy: the upload it is receiving completes, then it exits 0',
    async () => {
      const copy = copies[1] as ServerProcess;
      // Raw requests: the record key is stored as sent, so the upload's path can name it.
      const raw = rawClient(copy.url, credentials);
      const written = await raw.send('POST', `/v2/storage/records/${COUNTRY}`, {
        record_key: 'drained',
        body: 'has a file',
      });
      expect(written.status).toBe(200);
      const upload = await slowUpload(copy.url, {
        path: `/v2/storage/records/${COUNTRY}/drained/attachments`,
        token: await raw.token(),
        environmentId: credentials.environmentId,
      });
      await upload.sendPart();
      const stopped = copy.stop('SIGTERM');
      // The copy is draining: the upload it is receiving goes on to its end.
      const answer = await upload.finish();
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(await stopped).toBe('exit 0');
      const read = await rawClient(copies[0]?.url as string, credentials).send(
        'GET',
        `/v2/storage/records/${COUNTRY}/drained`,
      );
      expect(((await read.json()) as { attachments: unknown[] }).attachments).toHaveLength(1);
    },
    SUITE_TIMEOUT_MS,
  );
});
