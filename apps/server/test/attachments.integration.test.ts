// Attachments through the facade SDK over real HTTP, on PGlite and on PostgreSQL: a 50 MiB file
// streamed up and down arrives byte for byte (SHA-256), metadata reads and updates, upsert
// replaces, deletes delete, an upload without a type is typed by its file name, and the
// server's default limit is 100 MiB.

import { request as httpRequest } from 'node:http';
import { EncryptionType, type Storage, StorageServerError } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from './integration-support/raw-http.ts';
import { connectStorage, streamPieces } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';
import { digest, pseudoRandomBytes } from './support/byte-streams.ts';

const MIB = 1024 * 1024;
const BIG_FILE_SIZE = 50 * MIB;
const DEFAULT_MAX_ATTACHMENT_SIZE = 100 * MIB;
// Streaming 100 MiB through a loaded 2-core machine and a database: a guard, not a speed check.
const BIG_FILE_TIMEOUT_MS = 300_000;

async function expectStatus(call: Promise<unknown>, status: number): Promise<void> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StorageServerError);
  expect((error as StorageServerError).status).toBe(status);
}

/**
 * Sends only the headers of an upload that announces `length` bytes, and returns the status the
 * server answers with before any of the body arrives.
 */
function announceUpload(
  url: string,
  path: string,
  headers: Record<string, string>,
  length: number,
) {
  return new Promise<number>((resolve, reject) => {
    const outgoing = httpRequest(`${url}${path}`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'multipart/form-data; boundary=announced',
        'content-length': String(length),
      },
    });
    outgoing.on('response', (response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      outgoing.destroy();
    });
    outgoing.on('error', reject);
    outgoing.flushHeaders();
  });
}

describe.each(SERVER_BACKENDS)('attachments over HTTP on $name', (backend) => {
  let server: TestServer;
  let storage: Storage;
  beforeAll(async () => {
    server = await startTestServer(backend);
    storage = await connectStorage(server.url, server.credentials);
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  it('streams a 50 MiB file up and down, byte for byte', {
    timeout: BIG_FILE_TIMEOUT_MS,
  }, async () => {
    await storage.write('de', { recordKey: 'big-file-record', body: 'has a big file' });
    const expected = await digest(pseudoRandomBytes(BIG_FILE_SIZE, MIB, 7));
    const { attachmentMeta } = await storage.addAttachment(
      'de',
      'big-file-record',
      pseudoRandomBytes(BIG_FILE_SIZE, MIB, 7),
      { fileName: 'big.bin', mimeType: 'application/octet-stream' },
    );
    expect(attachmentMeta).toMatchObject({
      filename: 'big.bin',
      size: BIG_FILE_SIZE,
      hash: expected.hash,
    });

    const { attachmentData } = await storage.getAttachmentFile(
      'de',
      'big-file-record',
      attachmentMeta.fileId,
    );
    expect(attachmentData.filename).toBe('big.bin');
    expect(await digest(streamPieces(attachmentData.file))).toEqual(expected);
    const { record } = await storage.read('de', 'big-file-record');
    expect(record.attachments).toEqual([attachmentMeta]);
  });

  it('reads and updates metadata', async () => {
    await storage.write('de', { recordKey: 'small-files' });
    const bytes = new TextEncoder().encode('first version');
    const { attachmentMeta: added } = await storage.addAttachment('de', 'small-files', bytes, {
      fileName: 'notes.txt',
      mimeType: 'text/plain',
    });
    expect(added).toMatchObject({
      filename: 'notes.txt',
      mimeType: 'text/plain',
      size: bytes.length,
    });
    const { attachmentMeta: read } = await storage.getAttachmentMeta(
      'de',
      'small-files',
      added.fileId,
    );
    expect(read).toEqual(added);

    const { attachmentMeta: renamed } = await storage.updateAttachmentMeta(
      'de',
      'small-files',
      added.fileId,
      {
        fileName: 'Notizen ü.md',
        mimeType: 'text/markdown',
      },
    );
    expect(renamed).toMatchObject({
      fileId: added.fileId,
      filename: 'Notizen ü.md',
      mimeType: 'text/markdown',
    });
    const renamedFile = await storage.getAttachmentFile('de', 'small-files', added.fileId);
    expect(renamedFile.attachmentData.filename).toBe('Notizen ü.md');
    expect(await new Response(renamedFile.attachmentData.file).text()).toBe('first version');
  });

  it('replaces a file of the same name with upsert, and deletes it', async () => {
    await storage.write('de', { recordKey: 'replaced-files' });
    await storage.addAttachment('de', 'replaced-files', new Blob(['first version']), {
      fileName: 'Notizen ü.md',
    });
    const { attachmentMeta: replaced } = await storage.addAttachment(
      'de',
      'replaced-files',
      new Blob(['second version']),
      { fileName: 'Notizen ü.md', upsert: true },
    );
    const { record } = await storage.read('de', 'replaced-files');
    expect(record.attachments.map(({ fileId }) => fileId)).toEqual([replaced.fileId]);
    const replacedFile = await storage.getAttachmentFile('de', 'replaced-files', replaced.fileId);
    expect(await new Response(replacedFile.attachmentData.file).text()).toBe('second version');

    expect(await storage.deleteAttachment('de', 'replaced-files', replaced.fileId)).toEqual({
      success: true,
    });
    await expectStatus(storage.getAttachmentMeta('de', 'replaced-files', replaced.fileId), 404);
    await expectStatus(storage.getAttachmentFile('de', 'replaced-files', replaced.fileId), 404);
    await expectStatus(storage.deleteAttachment('de', 'replaced-files', replaced.fileId), 404);
    expect((await storage.read('de', 'replaced-files')).record.attachments).toEqual([]);
  });

  it('deletes the attachments with their record, and refuses one for a missing record', async () => {
    await storage.write('de', { recordKey: 'short-lived' });
    const { attachmentMeta } = await storage.addAttachment('de', 'short-lived', new Blob(['x']));
    await storage.delete('de', 'short-lived');
    await storage.write('de', { recordKey: 'short-lived' });
    expect((await storage.read('de', 'short-lived')).record.attachments).toEqual([]);
    await expectStatus(storage.getAttachmentMeta('de', 'short-lived', attachmentMeta.fileId), 404);
    await expectStatus(storage.addAttachment('de', 'never-written', new Blob(['x'])), 404);
  });

  it('types an upload without a type by its file name, POST and PUT alike, as stored', async () => {
    await storage.write('de', { recordKey: 'typed-by-name' });
    const cases = [
      ['Naïve file.txt', 'text/plain', false],
      ['test_attachments.py', 'text/x-python', false],
      ['Report.PDF', 'application/pdf', true],
      ['no-extension', 'application/octet-stream', true],
    ] as const;
    for (const [fileName, mimeType, upsert] of cases) {
      const bytes = new TextEncoder().encode(fileName);
      const { attachmentMeta } = await storage.addAttachment('de', 'typed-by-name', bytes, {
        fileName,
        upsert,
      });
      expect(attachmentMeta).toMatchObject({ filename: fileName, mimeType });
    }
    const { record } = await storage.read('de', 'typed-by-name');
    expect(record.attachments.map(({ filename, mimeType }) => [filename, mimeType])).toEqual(
      cases.map(([fileName, mimeType]) => [fileName, mimeType]),
    );
  });

  it('types a raw multipart part without Content-Type by its filename, as Python sends it', async () => {
    const client = rawClient(server.url, server.credentials);
    const recordPath = `/v2/storage/records/de/${'e'.repeat(64)}`;
    const written = await client.send('POST', '/v2/storage/records/de', {
      record_key: 'e'.repeat(64),
      version: 0,
    });
    expect(written.status).toBe(200);
    const boundary = 'python-like-boundary';
    for (const [method, filename] of [
      ['POST', 'Naïve file.txt'],
      ['PUT', 'test_attachments.py'],
    ] as const) {
      const response = await fetch(`${server.url}${recordPath}/attachments`, {
        method,
        headers: {
          authorization: `Bearer ${await client.token()}`,
          'x-env-id': server.credentials.environmentId,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        body:
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"` +
          `\r\n\r\nbody\r\n--${boundary}--\r\n`,
      });
      expect(response.status).toBe(200);
    }
    const record = (await (await client.send('GET', recordPath)).json()) as {
      attachments: { filename: string; mime_type: string }[];
    };
    expect(record.attachments.map(({ filename, mime_type }) => [filename, mime_type])).toEqual([
      ['Naïve file.txt', 'text/plain'],
      ['test_attachments.py', 'text/x-python'],
    ]);
  });

  it('attaches files to SSE records, addressed by their raw key', async () => {
    const sse = await connectStorage(server.url, server.credentials, {
      encrypt: EncryptionType.SSE,
    });
    await sse.write('de', { recordKey: 'raw key with spaces' });
    const { attachmentMeta } = await sse.addAttachment(
      'de',
      'raw key with spaces',
      new Blob(['sse file']),
      {
        fileName: 'sse.txt',
      },
    );
    const { attachmentData } = await sse.getAttachmentFile(
      'de',
      'raw key with spaces',
      attachmentMeta.fileId,
    );
    expect(await new Response(attachmentData.file).text()).toBe('sse file');
  });

  it('limits an attachment to 100 MiB by default, refusing a larger one before reading it', async () => {
    const client = rawClient(server.url, server.credentials);
    const recordPath = `/v2/storage/records/de/${'d'.repeat(64)}`;
    expect(
      (
        await client.send('POST', '/v2/storage/records/de', {
          record_key: 'd'.repeat(64),
          version: 0,
        })
      ).status,
    ).toBe(200);
    const headers = {
      authorization: `Bearer ${await client.token()}`,
      'x-env-id': server.credentials.environmentId,
    };
    // Two MiB past the limit: beyond the server's allowance for the multipart framing.
    const announced = DEFAULT_MAX_ATTACHMENT_SIZE + 2 * MIB;
    expect(await announceUpload(server.url, `${recordPath}/attachments`, headers, announced)).toBe(
      413,
    );
    const record = (await (await client.send('GET', recordPath)).json()) as {
      attachments: unknown[];
    };
    expect(record.attachments).toEqual([]);
  });
});
