import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgliteStores, UnknownCountryError } from '../../src/store/index.ts';
import { openPgliteClient } from '../../src/store/pglite-client.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const WRITER = join(SERVER_DIR, 'test/support/pglite-writer.ts');
// Opening a PGlite database (and a child process that writes to one) takes seconds.
const TIMEOUT_MS = 180_000;

/** Starts the writer child and resolves once it has acknowledged `count` writes. */
function startWriter(dataDir: string, environment: string, count: number) {
  // Node itself with tsx as a loader (the tsx command would run the script in a grandchild,
  // out of reach of our SIGKILL).
  const args = [
    '--conditions=@residency/source',
    '--import',
    'tsx',
    WRITER,
    dataDir,
    'de',
    environment,
  ];
  const child = spawn(process.execPath, args, {
    cwd: SERVER_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acknowledged: string[] = [];
  let errorOutput = '';
  const enough = new Promise<void>((resolve, reject) => {
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('acknowledged-')) acknowledged.push(line);
      if (acknowledged.length >= count) resolve();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      errorOutput += text;
    });
    child.once('exit', (code) => reject(new Error(`writer exited (${code}): ${errorOutput}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, acknowledged, enough, exited };
}

describe('PGlite stores', () => {
  let dataDir: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'residency-pglite-'));
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'opens every country at once, and refuses a second opener of the folder until closed',
    async () => {
      const stores = await createPgliteStores({ dataDir, countries: ['de', 'fr'] });
      expect(stores.countries).toEqual(['de', 'fr']);
      const first = await stores.country('de');
      expect(await stores.country('de')).toBe(first);
      await expect(stores.country('us')).rejects.toThrow(UnknownCountryError);
      const folder = join(dataDir, 'pglite');
      await expect(createPgliteStores({ dataDir, countries: ['de'] })).rejects.toThrow(
        `PGlite folder ${folder} is in use`,
      );
      await stores.close();
      await stores.close();
      await expect(stores.country('de')).rejects.toThrow(/closed/);
      // Released on close: another provider may open it now.
      const reopened = await createPgliteStores({ dataDir, countries: ['de'] });
      expect(await (await reopened.country('de')).read('env', 'none')).toBeNull();
      await reopened.close();
    },
    TIMEOUT_MS,
  );

  it(
    'finds every acknowledged write after the writing process is killed with SIGKILL',
    async () => {
      const environment = newEnvironment();
      const writer = startWriter(dataDir, environment, 25);
      children.push(writer.child);
      await writer.enough;
      // The folder belongs to the running writer.
      await expect(createPgliteStores({ dataDir, countries: ['de'] })).rejects.toThrow(
        `in use by process ${writer.child.pid}`,
      );
      writer.child.kill('SIGKILL');
      await writer.exited;
      // Its lock and PostgreSQL's pid file are stale now; the database needs recovery.
      const stores = await createPgliteStores({ dataDir, countries: ['de'] });
      const store = await stores.country('de');
      const acknowledged = [...writer.acknowledged];
      expect(acknowledged.length).toBeGreaterThanOrEqual(25);
      for (const recordKey of acknowledged) {
        expect((await store.read(environment, recordKey))?.record_key).toBe(recordKey);
      }
      // Still a working database: it takes new writes.
      await store.write(environment, [{ record: makeRecord('after-recovery') }]);
      expect(await store.read(environment, 'after-recovery')).not.toBeNull();
      await stores.close();
    },
    TIMEOUT_MS,
  );

  it(
    'removes the leftovers of an interrupted upload when it opens a country',
    async () => {
      const environment = newEnvironment();
      const stores = await createPgliteStores({ dataDir, countries: ['de'] });
      const store = await stores.country('de');
      await store.write(environment, [{ record: makeRecord('k') }]);
      let halfway: () => void = () => undefined;
      const reached = new Promise<void>((resolve) => {
        halfway = resolve;
      });
      async function* neverEnding(): AsyncGenerator<Uint8Array> {
        yield new Uint8Array(600_000);
        halfway();
        await new Promise(() => undefined);
      }
      void store.addAttachment(environment, 'k', {
        filename: 'f',
        mimeType: 'application/octet-stream',
        data: neverEnding(),
        upsert: false,
        maxSize: 1e9,
      });
      await reached;
      // What a killed server leaves: an unpublished upload and its chunks.
      await stores.close();
      const reopened = await createPgliteStores({ dataDir, countries: ['de'] });
      await reopened.close();
      const client = await openPgliteClient(join(dataDir, 'pglite', 'pgdata'));
      const left = await client.query(
        'SELECT (SELECT count(*) FROM cc_de.attachments) + (SELECT count(*) FROM cc_de.attachment_chunks) AS rows',
      );
      await client.close();
      expect(left.rows).toEqual([{ rows: 0 }]);
    },
    TIMEOUT_MS,
  );
});
