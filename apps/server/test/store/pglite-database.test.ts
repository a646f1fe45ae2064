// The embedded backend's one database: made from the template (built in a child process when
// missing, never in this one), owner-only, a schema per country that never sees another's rows,
// even with statements of several countries interleaved on PGlite's one connection.

import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgliteStores } from '../../src/store/index.ts';
import { openPgliteClient } from '../../src/store/pglite-client.ts';
import {
  copyPgliteTemplate,
  TEMPLATE_MARKER,
  templateFolderName,
} from '../../src/store/pglite-template.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';

// Building a template in a child takes 5-20 s on a busy machine.
const TIMEOUT_MS = 240_000;

/** Every mode below a folder, as `d 700` / `f 600`, counted. */
async function modesBelow(folder: string, counts = new Map<string, number>()) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    const mode = `${entry.isDirectory() ? 'd' : 'f'} ${((await stat(path)).mode & 0o777).toString(8)}`;
    counts.set(mode, (counts.get(mode) ?? 0) + 1);
    if (entry.isDirectory()) await modesBelow(path, counts);
  }
  return counts;
}

describe('the PGlite database of a data folder', () => {
  let scratch: string;
  let lines: string[];
  const log = (line: string) => lines.push(line);

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'residency-pglite-db-'));
    lines = [];
  });

  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it(
    'builds a missing template once, in a child process, and copies it owner-only',
    async () => {
      const templateCache = join(scratch, 'cache');
      const first = await createPgliteStores({
        dataDir: join(scratch, 'first'),
        countries: ['de'],
        templateCache,
        log,
      });
      await first.close();
      const template = join(templateCache, await templateFolderName());
      expect(lines).toEqual([
        `building the PGlite template in ${template} in a child process (once, a few seconds)`,
      ]);
      const marker = JSON.parse(await readFile(join(template, TEMPLATE_MARKER), 'utf8'));
      expect(marker.builtBy).toEqual(expect.any(Number));
      expect(marker.builtBy).not.toBe(process.pid);

      // Cached: the next data folder copies it without building.
      lines = [];
      const second = await createPgliteStores({
        dataDir: join(scratch, 'second'),
        countries: ['de'],
        templateCache,
        log,
      });
      await second.close();
      expect(lines).toEqual([]);

      const copy = join(scratch, 'copy');
      await copyPgliteTemplate(template, copy);
      const modes = await modesBelow(copy);
      expect([...modes.keys()].sort()).toEqual(['d 700', 'f 600']);
      expect(((await stat(copy)).mode & 0o777).toString(8)).toBe('700');
    },
    TIMEOUT_MS,
  );

  it(
    'builds a missing template once when two servers start on an empty cache at the same time',
    async () => {
      // Two test workers, or two servers, on a fresh clone: one child builds under the cache's
      // lock, the other waits for it (a second build would fail renaming onto the first).
      const templateCache = join(scratch, 'cache');
      const starts = ['one', 'two'].map((name) =>
        createPgliteStores({ dataDir: join(scratch, name), countries: ['de'], templateCache }),
      );
      const providers = await Promise.all(starts);
      const environment = newEnvironment();
      for (const provider of providers) {
        const store = await provider.country('de');
        await store.write(environment, [{ record: makeRecord('key-1') }]);
        expect((await store.read(environment, 'key-1'))?.record_key).toBe('key-1');
      }
      await Promise.all(providers.map((provider) => provider.close()));
      // The template alone: no draft of a second build, no lock left behind.
      expect(await readdir(templateCache)).toEqual([await templateFolderName()]);
    },
    TIMEOUT_MS,
  );

  it(
    'names the cause when the template cannot be built, and opens nothing',
    async () => {
      // The cache's path is a file: the child cannot create the folder.
      const templateCache = join(scratch, 'not-a-folder');
      await writeFile(templateCache, 'x');
      const dataDir = join(scratch, 'data');
      await expect(
        createPgliteStores({ dataDir, countries: ['de'], templateCache }),
      ).rejects.toThrow(/^building the PGlite template failed \(1\): .*EEXIST/);
      expect(await readdir(join(dataDir, 'pglite'))).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses a pgdata folder that holds no database rather than initialising one',
    async () => {
      const dataDir = join(scratch, 'data');
      await mkdir(join(dataDir, 'pglite', 'pgdata'), { recursive: true });
      await expect(createPgliteStores({ dataDir, countries: ['de'] })).rejects.toThrow(
        `${join(dataDir, 'pglite', 'pgdata')} is not a PGlite database folder`,
      );
      // The lock was released: a fixed folder opens.
      await rm(join(dataDir, 'pglite', 'pgdata'), { recursive: true });
      await (await createPgliteStores({ dataDir, countries: ['de'] })).close();
    },
    TIMEOUT_MS,
  );

  it(
    'keeps each country in its own schema, with statements of eight countries interleaved',
    async () => {
      const dataDir = join(scratch, 'data');
      // Six take the template's spare schemas (none is left), two get their tables created.
      const countries = ['us', 'de', 'gb', 'ae', 'sg', 'in', 'fr', 'jp'];
      const stores = await createPgliteStores({ dataDir, countries });
      const environment = newEnvironment();
      const store = (code: string) => stores.country(code);
      await Promise.all(
        countries.flatMap((code, index) =>
          Array.from({ length: index + 1 }, async (_, count) => {
            const country = await store(code);
            await country.write(environment, [
              { record: makeRecord(`key-${count}`, { body: `${code} ${count}`, key1: 'same' }) },
            ]);
            await country.addAttachment(environment, `key-${count}`, {
              filename: `${code}.txt`,
              mimeType: 'text/plain',
              data: (async function* () {
                yield new TextEncoder().encode(code);
              })(),
              upsert: false,
              maxSize: 100,
            });
            // Reads of another country between this one's statements.
            await (await store(countries[(index + 1) % countries.length] as string)).read(
              environment,
              'key-0',
            );
          }),
        ),
      );
      for (const [index, code] of countries.entries()) {
        const country = await store(code);
        const page = await country.find(environment, {
          where: { kind: 'eq', field: 'key1', value: 'same' },
          sort: [],
          limit: 100,
          offset: 0,
        });
        expect(page.total).toBe(index + 1);
        expect(page.records.map(({ body }) => body?.split(' ')[0])).toEqual(
          Array(index + 1).fill(code),
        );
        const read = await country.read(environment, 'key-0');
        expect(read?.body).toBe(`${code} 0`);
        expect(read?.attachments.map(({ filename }) => filename)).toEqual([`${code}.txt`]);
      }
      await stores.close();

      const client = await openPgliteClient(join(dataDir, 'pglite', 'pgdata'));
      const schemas = await client.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE nspname ~ '^(cc|spare)_' ORDER BY 1",
      );
      const counts = await client.query<{ name: string; records: number; attachments: number }>(
        countries
          .map(
            (code) =>
              `SELECT '${code}' AS name, (SELECT count(*) FROM cc_${code}.records) AS records, (SELECT count(*) FROM cc_${code}.attachments) AS attachments`,
          )
          .join(' UNION ALL '),
      );
      await client.close();
      expect(schemas.rows.map(({ name }) => name)).toEqual(
        countries.map((code) => `cc_${code}`).sort(),
      );
      expect(counts.rows).toEqual(
        countries.map((name, index) => ({ name, records: index + 1, attachments: index + 1 })),
      );
    },
    TIMEOUT_MS,
  );
});
