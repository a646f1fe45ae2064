import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttachmentTooLargeError,
  type AttachmentUpload,
  type CountryStore,
  RecordNotFoundError,
} from '../../src/store/index.ts';
import { contentOf, digest, pseudoRandomBytes, textBytes } from '../support/byte-streams.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';
import {
  BACKEND_TIMEOUT_MS,
  type OpenedBackend,
  STORE_BACKENDS,
  TEST_COUNTRIES,
  TEST_TIMEOUT_MS,
} from '../support/store-backends.ts';

const MIB = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function upload(
  filename: string,
  data: AsyncIterable<Uint8Array>,
  options: Partial<AttachmentUpload> = {},
): AttachmentUpload {
  return { filename, mimeType: 'text/plain', data, upsert: false, maxSize: 100 * MIB, ...options };
}

describe.each(STORE_BACKENDS)('attachments on $name', { timeout: TEST_TIMEOUT_MS }, (backend) => {
  let opened: OpenedBackend;
  let store: CountryStore;

  beforeAll(async () => {
    opened = await backend.open();
    store = await opened.stores.country(TEST_COUNTRIES[0]);
  }, BACKEND_TIMEOUT_MS);

  afterAll(() => opened?.close(), BACKEND_TIMEOUT_MS);

  async function recordWithAttachment(environment: string, text = 'hello'): Promise<string> {
    await store.write(environment, [{ record: makeRecord('k') }]);
    const meta = await store.addAttachment(environment, 'k', upload('a.txt', textBytes(text)));
    return meta.file_id;
  }

  it('adds an attachment, lists it on the record, and streams it back', async () => {
    const environment = newEnvironment();
    await store.write(environment, [{ record: makeRecord('k') }]);
    const meta = await store.addAttachment(environment, 'k', upload('a.txt', textBytes('hello')));
    expect(meta).toEqual({
      file_id: expect.stringMatching(UUID),
      filename: 'a.txt',
      mime_type: 'text/plain',
      size: 5,
      hash: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      created_at: expect.any(Date),
      updated_at: expect.any(Date),
    });
    expect((await store.read(environment, 'k'))?.attachments).toEqual([meta]);
    expect(await store.getAttachmentMeta(environment, 'k', meta.file_id)).toEqual(meta);
    const download = await store.readAttachment(environment, 'k', meta.file_id);
    expect(download?.meta).toEqual(meta);
    expect(await digest(contentOf(download))).toEqual({ hash: meta.hash, size: 5 });
  });

  it('streams a file of several chunks in and out unchanged', async () => {
    const environment = newEnvironment();
    await store.write(environment, [{ record: makeRecord('k') }]);
    // 256 KiB chunks: this file makes 3, fed in pieces that straddle chunk boundaries.
    const size = 700_001;
    const expected = await digest(pseudoRandomBytes(size, 65_537, 7));
    const meta = await store.addAttachment(
      environment,
      'k',
      upload('big.bin', pseudoRandomBytes(size, 65_537, 7), {
        mimeType: 'application/octet-stream',
      }),
    );
    expect({ hash: meta.hash, size: meta.size }).toEqual(expected);
    const download = await store.readAttachment(environment, 'k', meta.file_id);
    const pieces: number[] = [];
    const counted = (async function* () {
      for await (const piece of contentOf(download)) {
        pieces.push(piece.byteLength);
        yield piece;
      }
    })();
    expect(await digest(counted)).toEqual(expected);
    expect(pieces).toEqual([262_144, 262_144, 175_713]);
  });

  it('stores an empty file', async () => {
    const environment = newEnvironment();
    await store.write(environment, [{ record: makeRecord('k') }]);
    const meta = await store.addAttachment(environment, 'k', upload('empty', textBytes('')));
    expect(meta.size).toBe(0);
    const download = await store.readAttachment(environment, 'k', meta.file_id);
    expect(await digest(contentOf(download))).toEqual({ hash: meta.hash, size: 0 });
  });

  it('replaces the attachment of the same filename on upsert, adds on POST', async () => {
    const environment = newEnvironment();
    await store.write(environment, [{ record: makeRecord('k') }]);
    const first = await store.addAttachment(environment, 'k', upload('a.txt', textBytes('one')));
    const other = await store.addAttachment(environment, 'k', upload('b.txt', textBytes('b')));
    const replaced = await store.addAttachment(
      environment,
      'k',
      upload('a.txt', textBytes('three!'), { upsert: true }),
    );
    expect(replaced).toMatchObject({ filename: 'a.txt', size: 6, created_at: first.created_at });
    expect(replaced.file_id).not.toBe(first.file_id);
    expect(await store.getAttachmentMeta(environment, 'k', first.file_id)).toBeNull();
    expect((await store.read(environment, 'k'))?.attachments).toEqual([replaced, other]);
    const fresh = await store.addAttachment(
      environment,
      'k',
      upload('new.txt', textBytes('n'), { upsert: true }),
    );
    await store.addAttachment(environment, 'k', upload('new.txt', textBytes('nn')));
    const names = (await store.read(environment, 'k'))?.attachments.map((meta) => meta.filename);
    expect(names).toEqual(['a.txt', 'b.txt', 'new.txt', 'new.txt']);
    expect(fresh.filename).toBe('new.txt');
  });

  it('renames and re-types an attachment', async () => {
    const environment = newEnvironment();
    const fileId = await recordWithAttachment(environment);
    const before = await store.getAttachmentMeta(environment, 'k', fileId);
    const renamed = await store.updateAttachmentMeta(environment, 'k', fileId, {
      filename: 'b.txt',
    });
    expect(renamed).toMatchObject({ filename: 'b.txt', mime_type: 'text/plain', size: 5 });
    expect(renamed?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime() ?? Infinity);
    const retyped = await store.updateAttachmentMeta(environment, 'k', fileId, {
      mimeType: 'text/csv',
    });
    expect(retyped).toMatchObject({ filename: 'b.txt', mime_type: 'text/csv' });
    expect(await store.updateAttachmentMeta(environment, 'k', fileId, {})).toEqual(retyped);
    expect((await store.read(environment, 'k'))?.attachments).toEqual([retyped]);
    expect(
      await store.updateAttachmentMeta(environment, 'k', 'no-such-file', { filename: 'x' }),
    ).toBeNull();
  });

  it('deletes an attachment', async () => {
    const environment = newEnvironment();
    const fileId = await recordWithAttachment(environment);
    expect(await store.deleteAttachment(environment, 'k', fileId)).toBe(true);
    expect(await store.deleteAttachment(environment, 'k', fileId)).toBe(false);
    expect(await store.getAttachmentMeta(environment, 'k', fileId)).toBeNull();
    expect(await store.readAttachment(environment, 'k', fileId)).toBeNull();
    expect((await store.read(environment, 'k'))?.attachments).toEqual([]);
  });

  it('keeps nothing of an upload past maxSize', async () => {
    const environment = newEnvironment();
    await store.write(environment, [{ record: makeRecord('k') }]);
    const attempt = store.addAttachment(
      environment,
      'k',
      upload('big.bin', pseudoRandomBytes(300_000, 50_000), { maxSize: 299_999 }),
    );
    await expect(attempt).rejects.toThrow(AttachmentTooLargeError);
    await expect(attempt).rejects.toMatchObject({ maxSize: 299_999 });
    expect((await store.read(environment, 'k'))?.attachments).toEqual([]);
    const exact = await store.addAttachment(
      environment,
      'k',
      upload('fits.bin', pseudoRandomBytes(300_000, 50_000), { maxSize: 300_000 }),
    );
    expect(exact.size).toBe(300_000);
  });

  it('refuses an attachment for a missing or expired record', async () => {
    const environment = newEnvironment();
    await expect(
      store.addAttachment(environment, 'missing', upload('a', textBytes('x'))),
    ).rejects.toThrow(RecordNotFoundError);
    await store.write(environment, [
      { record: makeRecord('old', { expires_at: new Date(Date.now() - 1000) }) },
    ]);
    await expect(
      store.addAttachment(environment, 'old', upload('a', textBytes('x'))),
    ).rejects.toThrow(RecordNotFoundError);
  });

  it('keeps attachments when a record is rewritten, hides them once it expires', async () => {
    const environment = newEnvironment();
    const fileId = await recordWithAttachment(environment);
    const [rewritten] = await store.write(environment, [
      { record: makeRecord('k', { key1: 'v2' }) },
    ]);
    expect(rewritten?.attachments.map((meta) => meta.file_id)).toEqual([fileId]);
    await store.write(environment, [
      { record: makeRecord('k', { expires_at: new Date(Date.now() - 1000) }) },
    ]);
    expect(await store.getAttachmentMeta(environment, 'k', fileId)).toBeNull();
    expect(await store.readAttachment(environment, 'k', fileId)).toBeNull();
    expect(
      await store.updateAttachmentMeta(environment, 'k', fileId, { filename: 'x' }),
    ).toBeNull();
    expect(await store.deleteAttachment(environment, 'k', fileId)).toBe(false);
    // A write over the expired record starts a new one, without the old attachments.
    const [renewed] = await store.write(environment, [{ record: makeRecord('k') }]);
    expect(renewed?.attachments).toEqual([]);
  });

  it('deletes attachments with their record', async () => {
    const environment = newEnvironment();
    const fileId = await recordWithAttachment(environment);
    expect(await store.delete(environment, 'k')).toBe(true);
    await store.write(environment, [{ record: makeRecord('k') }]);
    expect(await store.getAttachmentMeta(environment, 'k', fileId)).toBeNull();
    expect((await store.read(environment, 'k'))?.attachments).toEqual([]);
  });

  it("never shows another environment's attachment", async () => {
    const [mine, theirs] = [newEnvironment(), newEnvironment()];
    const fileId = await recordWithAttachment(mine);
    await store.write(theirs, [{ record: makeRecord('k') }]);
    expect(await store.getAttachmentMeta(theirs, 'k', fileId)).toBeNull();
    expect(await store.readAttachment(theirs, 'k', fileId)).toBeNull();
    expect(await store.deleteAttachment(theirs, 'k', fileId)).toBe(false);
    expect(await store.getAttachmentMeta(mine, 'k', fileId)).not.toBeNull();
  });
});
