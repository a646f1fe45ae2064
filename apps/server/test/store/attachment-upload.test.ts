// What uploads and downloads leave in the tables, looked at directly through each driver.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeAbandonedUploads } from '../../src/store/attachment-meta.ts';
import {
  AttachmentTooLargeError,
  type AttachmentUpload,
  type CountryStore,
  RecordNotFoundError,
} from '../../src/store/index.ts';
import type { SqlClient } from '../../src/store/sql-client.ts';
import { createSqlCountryStore } from '../../src/store/sql-country-store.ts';
import { contentOf, digest, pseudoRandomBytes } from '../support/byte-streams.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';
import { SQL_CLIENT_KINDS } from '../support/sql-clients.ts';
import { BACKEND_TIMEOUT_MS, TEST_TIMEOUT_MS } from '../support/store-backends.ts';

// Small chunks make many of them from a few kilobytes.
const CHUNK_SIZE = 1024;

function upload(
  data: AsyncIterable<Uint8Array>,
  options: Partial<AttachmentUpload> = {},
): AttachmentUpload {
  return {
    filename: 'f.bin',
    mimeType: 'application/octet-stream',
    data,
    upsert: false,
    maxSize: 1e9,
    ...options,
  };
}

/**
 * An upload that stops half-way until the test lets it go on: `halfway` resolves once the
 * store has written the first piece (it asks for the next only after the chunk writes of the
 * last one are done), `resume` lets the rest come.
 */
function pausedUpload(first: number, rest: number) {
  let resume: () => void = () => undefined;
  let reachedHalfway: () => void = () => undefined;
  const resumed = new Promise<void>((resolve) => {
    resume = resolve;
  });
  const halfway = new Promise<void>((resolve) => {
    reachedHalfway = resolve;
  });
  async function* data(): AsyncGenerator<Uint8Array> {
    yield new Uint8Array(first);
    reachedHalfway();
    await resumed;
    yield new Uint8Array(rest);
  }
  return { data: data(), halfway, resume };
}

describe.each(SQL_CLIENT_KINDS)(
  'attachment storage on $name',
  { timeout: TEST_TIMEOUT_MS },
  (kind) => {
    let client: SqlClient;
    let store: CountryStore;

    beforeAll(async () => {
      client = await kind.open();
      store = createSqlCountryStore(client, { chunkSize: CHUNK_SIZE });
    }, BACKEND_TIMEOUT_MS);

    afterAll(async () => {
      await client?.close();
      await kind.cleanUp();
    }, BACKEND_TIMEOUT_MS);

    async function withRecord(): Promise<string> {
      const environment = newEnvironment();
      await store.write(environment, [{ record: makeRecord('k') }]);
      return environment;
    }

    async function expectNoUploadRows(): Promise<void> {
      expect(await client.query('SELECT 1 FROM attachments WHERE NOT published')).toMatchObject({
        rows: [],
      });
      expect(
        await client.query(
          'SELECT 1 FROM attachment_chunks c WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.file_id = c.file_id AND a.published)',
        ),
      ).toMatchObject({ rows: [] });
    }

    it('cuts the content into chunk rows of the chunk size', async () => {
      const environment = await withRecord();
      const meta = await store.addAttachment(
        environment,
        'k',
        upload(pseudoRandomBytes(5000, 333)),
      );
      const chunks = await client.query<{ seq: number; length: number }>(
        'SELECT seq, length(data) AS length FROM attachment_chunks WHERE file_id = $1 ORDER BY seq',
        [meta.file_id],
      );
      expect(chunks.rows).toEqual(
        [0, 1, 2, 3, 4].map((seq) => ({ seq, length: seq < 4 ? 1024 : 904 })),
      );
    });

    it('keeps no rows of a failed, too large, or orphaned upload', async () => {
      const environment = await withRecord();
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield new Uint8Array(3000);
        throw new Error('client went away');
      }
      await expect(store.addAttachment(environment, 'k', upload(failing()))).rejects.toThrow(
        'client went away',
      );
      await expect(
        store.addAttachment(
          environment,
          'k',
          upload(pseudoRandomBytes(5000, 1000), { maxSize: 4500 }),
        ),
      ).rejects.toThrow(AttachmentTooLargeError);
      async function* deletingRecord(): AsyncGenerator<Uint8Array> {
        yield new Uint8Array(3000);
        await store.delete(environment, 'k');
        yield new Uint8Array(3000);
      }
      await expect(store.addAttachment(environment, 'k', upload(deletingRecord()))).rejects.toThrow(
        RecordNotFoundError,
      );
      await expectNoUploadRows();
    });

    it('holds no transaction open during an upload: other calls go on meanwhile', async () => {
      const environment = await withRecord();
      const paused = pausedUpload(2500, 10);
      const uploading = store.addAttachment(environment, 'k', upload(paused.data));
      await paused.halfway;
      // These would wait forever if the paused upload held PGlite's one connection.
      await store.write(environment, [{ record: makeRecord('other') }]);
      expect((await store.read(environment, 'k'))?.attachments).toEqual([]);
      paused.resume();
      expect((await uploading).size).toBe(2510);
      expect((await store.read(environment, 'k'))?.attachments).toHaveLength(1);
    });

    it('lets one of two concurrent upserts of a filename survive', async () => {
      const environment = await withRecord();
      const results = await Promise.all(
        [1, 2, 3].map((seed) =>
          store.addAttachment(
            environment,
            'k',
            upload(pseudoRandomBytes(3000, 700, seed), { upsert: true }),
          ),
        ),
      );
      const listed = (await store.read(environment, 'k'))?.attachments ?? [];
      expect(listed).toHaveLength(1);
      expect(results.map((meta) => meta.file_id)).toContain(listed[0]?.file_id);
    });

    it('fails a download whose file is deleted while it is read', async () => {
      const environment = await withRecord();
      const meta = await store.addAttachment(
        environment,
        'k',
        upload(pseudoRandomBytes(10_000, 4096)),
      );
      const download = await store.readAttachment(environment, 'k', meta.file_id);
      const iterator = contentOf(download)[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toHaveLength(CHUNK_SIZE);
      expect(await store.deleteAttachment(environment, 'k', meta.file_id)).toBe(true);
      await expect(digest({ [Symbol.asyncIterator]: () => iterator })).rejects.toThrow(/deleted/);
      expect(
        (await client.query('SELECT 1 FROM attachment_chunks WHERE file_id = $1', [meta.file_id]))
          .rows,
      ).toEqual([]);
    });

    it('removes abandoned uploads: idle ones, or all of them at start-up', async () => {
      const environment = await withRecord();
      const paused = pausedUpload(2048, 1);
      const uploading = store.addAttachment(environment, 'k', upload(paused.data));
      await paused.halfway;
      const pending = await client.query('SELECT file_id FROM attachments WHERE NOT published');
      expect(pending.rows).toHaveLength(1);
      expect(await removeAbandonedUploads(client, 60 * 60 * 1000)).toBe(0);
      expect(await removeAbandonedUploads(client, 0)).toBe(1);
      await expectNoUploadRows();
      // The upload notices that its row is gone at its next chunk.
      paused.resume();
      await expect(uploading).rejects.toThrow(RecordNotFoundError);
    });
  },
);
