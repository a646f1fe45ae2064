// The attachment methods of the facade end to end against the fake PoP: a file in, the same
// bytes and name out, metadata changed, deleted; the size limit of createStorage's options.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { hashKey } from '@residency/crypto';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStorage,
  InputValidationError,
  readAttachmentBytes,
  type Storage,
  StorageServerError,
  toNodeReadable,
} from '../src/index.node.ts';
import { AUTH_URL, ENVIRONMENT_ID, type FakePop, fakePop } from './support/fake-pop.ts';
import { NO_ENV, validOptions } from './support/options.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  rmSync(folder, { recursive: true, force: true });
});

const folder = mkdtempSync(join(tmpdir(), 'residency-sdk-'));
const decoder = new TextDecoder();
const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);

async function setup(overrides: Record<string, unknown> = {}): Promise<[Storage, FakePop]> {
  const pop = fakePop();
  server.use(...pop.handlers);
  const storage = await createStorage(validOptions(overrides), NO_ENV);
  await storage.write('de', { recordKey: 'user-1', body: 'with files' });
  return [storage, pop];
}

describe('Storage attachments', () => {
  it('adds a file from a path, downloads it back, renames it and deletes it', async () => {
    const [storage, pop] = await setup();
    const path = join(folder, 'Vertrag für Ada.txt');
    writeFileSync(path, 'Unterschrieben.');

    const { attachmentMeta } = await storage.addAttachment('de', 'user-1', path, {
      mimeType: 'text/plain',
    });
    expect(attachmentMeta).toMatchObject({
      filename: 'Vertrag für Ada.txt',
      mimeType: 'text/plain',
      size: 15,
    });
    expect(attachmentMeta.createdAt).toBeInstanceOf(Date);
    const [upload] = pop.attachments.calls();
    expect(upload?.path).toBe(
      `/v2/storage/records/de/${hashKey('user-1', ENVIRONMENT_ID)}/attachments`,
    );

    const { attachmentData } = await storage.getAttachmentFile(
      'de',
      'user-1',
      attachmentMeta.fileId,
    );
    expect(attachmentData.filename).toBe('Vertrag für Ada.txt');
    expect(decoder.decode(await readAttachmentBytes(attachmentData.file))).toBe('Unterschrieben.');

    const renamed = await storage.updateAttachmentMeta('de', 'user-1', attachmentMeta.fileId, {
      fileName: 'contract.txt',
    });
    expect(renamed.attachmentMeta.filename).toBe('contract.txt');
    const meta = await storage.getAttachmentMeta('de', 'user-1', attachmentMeta.fileId);
    expect(meta.attachmentMeta.filename).toBe('contract.txt');

    expect(await storage.deleteAttachment('de', 'user-1', attachmentMeta.fileId)).toEqual({
      success: true,
    });
    const gone = await settle(storage.getAttachmentMeta('de', 'user-1', attachmentMeta.fileId));
    expect(gone).toBeInstanceOf(StorageServerError);
    expect(gone).toMatchObject({ status: 404 });
  });

  it('upserts by file name and streams a download to a Node Readable', async () => {
    const [storage, pop] = await setup();
    const key = hashKey('user-1', ENVIRONMENT_ID);

    await storage.addAttachment('de', 'user-1', new Blob(['v1']), { fileName: 'notes.txt' });
    const { attachmentMeta } = await storage.addAttachment('de', 'user-1', new Blob(['v2']), {
      fileName: 'notes.txt',
      upsert: true,
    });
    const { attachmentData } = await storage.getAttachmentFile(
      'de',
      'user-1',
      attachmentMeta.fileId,
    );

    expect(pop.attachments.files.get(key)).toHaveLength(1);
    expect(await text(toNodeReadable(attachmentData.file))).toBe('v2');
  });

  it('fails for a record that does not exist', async () => {
    const [storage] = await setup();

    const error = await settle(storage.addAttachment('de', 'nobody', new Uint8Array([1])));

    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ status: 404 });
  });

  it('applies options.maxAttachmentSize before sending', async () => {
    const [storage, pop] = await setup({
      options: { authEndpoints: { default: AUTH_URL }, maxAttachmentSize: 5 },
    });

    const error = await settle(storage.addAttachment('de', 'user-1', new Blob(['123456'])));

    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toBe(
      'file is larger than the attachment size limit of 5 bytes (maxAttachmentSize)',
    );
    expect(pop.attachments.calls()).toEqual([]);
    await storage.addAttachment('de', 'user-1', new Blob(['12345']));
    expect(pop.attachments.calls()).toHaveLength(1);
  });
});
