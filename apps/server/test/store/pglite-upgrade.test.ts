// The one-time upgrade of a data folder of the old layout (a PGlite database per country, as the
// server up to 97f5f9e wrote it) into the one database: every record and attachment arrives
// exactly as stored, a kill midway is repaired by the next start, and nothing is copied twice.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pathExists } from '../../src/files/path-exists.ts';
import { type CountryStore, createPgliteStores, type StoredRecord } from '../../src/store/index.ts';
import { SCHEMA_MIGRATIONS } from '../../src/store/schema.ts';
import { contentOf, digest, pseudoRandomBytes, textBytes } from '../support/byte-streams.ts';
import { writeOldCountry } from '../support/old-layout.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const UPGRADER = join(SERVER_DIR, 'test/support/pglite-upgrader.ts');
const TIMEOUT_MS = 240_000;
const MIB = 1024 * 1024;
// Past one batch of records (1,000 rows) and of chunks (8 MiB).
const RECORD_COUNT = 1_203;
const BIG_FILE = 9 * MIB + 123;
const SMALL_TEXT = 'small ✓';
const SMALL_TEXT_BYTES = new TextEncoder().encode(SMALL_TEXT).length;

/** Matches a log line holding the parts, in order. */
function saying(...parts: string[]): unknown {
  const escaped = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return expect.stringMatching(new RegExp(escaped.join('.*')));
}

/** What a country held before the upgrade: each record as read, each attachment's content. */
interface Snapshot {
  readonly environment: string;
  readonly records: Map<string, StoredRecord>;
  readonly contents: Map<string, { hash: string; size: number }>;
}

function fullRecord(index: number) {
  const strings = Object.fromEntries(
    ['profile_key', 'parent_key', 'service_key1', 'service_key5', 'key1', 'key2', 'key20'].map(
      (field) => [field, `${field}-${index % 7}-ä'"\\`],
    ),
  );
  return makeRecord(`record-${index}`, {
    ...strings,
    body: `body ${index} ${'x'.repeat(index % 300)}`,
    precommit_body: index % 2 === 0 ? `pre ${index}` : null,
    version: index,
    is_encrypted: index % 3 === 0 ? null : index % 3 === 1,
    range_key1: Number.MAX_SAFE_INTEGER - index,
    range_key5: -index,
    range_key10: 0,
    expires_at: index % 5 === 0 ? new Date(Date.UTC(2999, 0, 1, 0, 0, 0, index % 1000)) : null,
  });
}

async function fillCountry(store: CountryStore, count: number, bigFile: number): Promise<Snapshot> {
  const environment = newEnvironment();
  for (let start = 0; start < count; start += 100) {
    const writes = [];
    for (let index = start; index < Math.min(count, start + 100); index++) {
      writes.push({ record: fullRecord(index) });
    }
    await store.write(environment, writes);
  }
  const upload = (filename: string, data: AsyncIterable<Uint8Array>) => ({
    filename,
    mimeType: 'application/x-test',
    data,
    upsert: false,
    maxSize: 100 * MIB,
  });
  await store.addAttachment(
    environment,
    'record-1',
    upload('big.bin', pseudoRandomBytes(bigFile, MIB)),
  );
  await store.addAttachment(environment, 'record-1', upload('small.txt', textBytes(SMALL_TEXT)));
  await store.addAttachment(environment, 'record-2', upload('empty', textBytes('')));
  return snapshot(store, environment, count);
}

async function snapshot(
  store: CountryStore,
  environment: string,
  count: number,
): Promise<Snapshot> {
  const records = new Map<string, StoredRecord>();
  const contents = new Map<string, { hash: string; size: number }>();
  for (let index = 0; index < count; index++) {
    const record = await store.read(environment, `record-${index}`);
    if (record === null) throw new Error(`record-${index} is missing`);
    records.set(record.record_key, record);
    for (const meta of record.attachments) {
      const download = await store.readAttachment(environment, record.record_key, meta.file_id);
      contents.set(meta.file_id, await digest(contentOf(download)));
    }
  }
  return { environment, records, contents };
}

async function expectSnapshot(store: CountryStore, expected: Snapshot): Promise<void> {
  const actual = await snapshot(store, expected.environment, expected.records.size);
  expect(actual.records).toEqual(expected.records);
  expect(actual.contents).toEqual(expected.contents);
  expect(actual.contents.size).toBe(3);
  const page = await store.find(expected.environment, {
    where: { kind: 'eq', field: 'key2', value: `key2-3-ä'"\\` },
    sort: [],
    limit: 100,
    offset: 0,
  });
  expect(page.total).toBe(
    [...expected.records.values()].filter((r) => r.key2 === `key2-3-ä'"\\`).length,
  );
}

/** Starts the upgrade in a child process and kills it once its first batch is copied. */
async function killMidway(dataDir: string): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@residency/source', '--import', 'tsx', UPGRADER, dataDir, 'de'],
    { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errorOutput = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    errorOutput += text;
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes('batch')) resolve();
    });
    void exited.then((how) => reject(new Error(`upgrader ended (${how}): ${errorOutput}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('upgrade of per-country PGlite folders', () => {
  let dataDir: string;
  let lines: string[];
  const log = (line: string) => lines.push(line);

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'residency-upgrade-'));
    lines = [];
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'copies every record and attachment of schema versions 1 and 2 exactly, then moves the old folders aside',
    async () => {
      const de = await writeOldCountry(dataDir, 'de', ({ store }) =>
        fillCountry(store, RECORD_COUNT, BIG_FILE),
      );
      const firstVersion = SCHEMA_MIGRATIONS.slice(0, 1);
      const fr = await writeOldCountry(
        dataDir,
        'fr',
        ({ store }) => fillCountry(store, 5, 10),
        firstVersion,
      );
      // A folder without a database (a start killed during initdb) holds nothing to copy.
      await mkdir(join(dataDir, 'countries', 'gb'), { recursive: true });

      const stores = await createPgliteStores({ dataDir, countries: ['de', 'fr'], log });
      await expectSnapshot(await stores.country('de'), de);
      await expectSnapshot(await stores.country('fr'), fr);
      await stores.close();
      expect(lines).toEqual([
        saying(
          'upgraded country de ',
          `: countries/de ${RECORD_COUNT} record(s), 3 attachment(s) (${BIG_FILE + SMALL_TEXT_BYTES} bytes) copied into schema cc_de `,
          ' now countries-before-upgrade/de ',
        ),
        saying(
          'upgraded country fr ',
          ` 5 record(s), 3 attachment(s) (${10 + SMALL_TEXT_BYTES} bytes) copied `,
        ),
        saying(
          'upgraded country gb ',
          ': countries/gb held no database; ',
          ' now countries-before-upgrade/gb ',
        ),
      ]);
      expect(await pathExists(join(dataDir, 'countries'))).toBe(false);
      expect(await readdir(join(dataDir, 'countries-before-upgrade'))).toEqual(['de', 'fr', 'gb']);

      // Upgraded once: the next start copies nothing and finds everything.
      lines = [];
      const reopened = await createPgliteStores({ dataDir, countries: ['de', 'fr'], log });
      await expectSnapshot(await reopened.country('de'), de);
      await reopened.close();
      expect(lines).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'repairs a start killed in the middle of the copy: the next start copies everything, once',
    async () => {
      const de = await writeOldCountry(dataDir, 'de', ({ store }) =>
        fillCountry(store, RECORD_COUNT, BIG_FILE),
      );
      await killMidway(dataDir);
      expect(await pathExists(join(dataDir, 'countries', 'de', 'pgdata'))).toBe(true);

      const stores = await createPgliteStores({ dataDir, countries: ['de'], log });
      await expectSnapshot(await stores.country('de'), de);
      await stores.close();
      expect(lines).toEqual([
        saying(
          'upgraded country de ',
          ` ${RECORD_COUNT} record(s), 3 attachment(s) (${BIG_FILE + SMALL_TEXT_BYTES} bytes) copied into `,
        ),
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    'moves aside an old folder whose copy committed before a kill, and refuses one changed since',
    async () => {
      const de = await writeOldCountry(dataDir, 'de', ({ store }) => fillCountry(store, 20, 10));
      await (await createPgliteStores({ dataDir, countries: ['de'], log })).close();
      // What a kill between the copy's commit and the move leaves.
      await mkdir(join(dataDir, 'countries'));
      await rename(
        join(dataDir, 'countries-before-upgrade', 'de'),
        join(dataDir, 'countries', 'de'),
      );
      lines = [];
      const stores = await createPgliteStores({ dataDir, countries: ['de'], log });
      await expectSnapshot(await stores.country('de'), de);
      await stores.close();
      expect(lines).toEqual([
        saying(
          ` 20 record(s), 3 attachment(s) (${10 + SMALL_TEXT_BYTES} bytes) were copied by an earlier start`,
          ' now countries-before-upgrade/de ',
        ),
      ]);

      // An older server run on the folder again writes to the old database: no silent merge.
      await mkdir(join(dataDir, 'countries'));
      await rename(
        join(dataDir, 'countries-before-upgrade', 'de'),
        join(dataDir, 'countries', 'de'),
      );
      await writeOldCountry(dataDir, 'de', ({ store }) =>
        store.write(de.environment, [{ record: makeRecord('written-later') }]),
      );
      await expect(createPgliteStores({ dataDir, countries: ['de'], log })).rejects.toThrow(
        /the old database of de changed after it was copied into schema cc_de/,
      );
      expect(await pathExists(join(dataDir, 'countries', 'de', 'pgdata'))).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses to merge an old database into a schema that already holds records',
    async () => {
      const stores = await createPgliteStores({ dataDir, countries: ['de'] });
      await (await stores.country('de')).write('env', [{ record: makeRecord('new-layout') }]);
      await stores.close();
      await writeOldCountry(dataDir, 'de', ({ store }) =>
        store.write('env', [{ record: makeRecord('old-layout') }]),
      );
      await expect(createPgliteStores({ dataDir, countries: ['de'] })).rejects.toThrow(
        /schema cc_de already holds records, and the old database of de too/,
      );
      expect(await pathExists(join(dataDir, 'countries', 'de', 'pgdata'))).toBe(true);
    },
    TIMEOUT_MS,
  );
});
