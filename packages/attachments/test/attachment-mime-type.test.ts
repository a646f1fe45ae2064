// The part's Content-Type of an upload the caller gives no `mimeType`: the `Blob`'s own type when
// it has one, else the type of the file name's extension (as the Node SDK's `form-data` guesses
// it), else application/octet-stream; the same for POST and PUT and from both entries.
import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachmentMetaBody, parseMultipart, type RecordedRequest } from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStorage as WebAttachmentStorage } from '../src/index.ts';
import {
  attachmentHandler,
  createAttachments,
  harnessOptions,
  storedKey,
  tokens,
} from './support/harness.ts';
import { makeTempFolder } from './support/temp-folders.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  rmSync(folder, { recursive: true, force: true });
});

const folder = makeTempFolder('mime');
const KEY = storedKey('user-1');

function upload(method: 'POST' | 'PUT') {
  const handler = attachmentHandler(method, `/${KEY}/attachments`, () =>
    Response.json(attachmentMetaBody()),
  );
  server.use(tokens().handler, handler.handler);
  return handler;
}

function partType(call: RecordedRequest | undefined): string | undefined {
  if (call === undefined) throw new Error('nothing was sent');
  const { parts } = parseMultipart(call.bytes, call.headers['content-type'] ?? '');
  expect(parts).toHaveLength(1);
  return parts[0]?.headers['content-type'];
}

const bytes = new Uint8Array([1, 2, 3]);

describe('addAttachment without a mimeType', () => {
  describe.each([
    ['POST', false],
    ['PUT', true],
  ] as const)('%s', (method, upsert) => {
    it.each([
      ['Naïve file.txt', 'text/plain'],
      ['test_attachments.py', 'text/x-python'],
      ['REPORT.PDF', 'application/pdf'],
      ['photo.jpeg', 'image/jpeg'],
      ['contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['archive.tar.gz', 'application/gzip'],
      ['README', 'application/octet-stream'],
      ['.bashrc', 'application/octet-stream'],
      ['data.unknown-extension', 'application/octet-stream'],
    ])('sends %j as %s', async (fileName, type) => {
      const handler = upload(method);

      await createAttachments().addAttachment('us', 'user-1', bytes, { fileName, upsert });

      expect(handler.calls[0]?.method).toBe(method);
      expect(partType(handler.calls[0])).toBe(type);
    });
  });

  it('types a File by its name when its own type is empty, from both entries', async () => {
    const handler = upload('POST');
    const file = new File(['hello'], 'notes.md');
    expect(file.type).toBe('');

    await new WebAttachmentStorage(harnessOptions()).addAttachment('us', 'user-1', file);
    await createAttachments().addAttachment('us', 'user-1', file);

    expect(partType(handler.calls[0])).toBe('text/markdown');
    expect(partType(handler.calls[1])).toBe('text/markdown');
  });

  it('prefers the Blob’s own type to the name’s', async () => {
    const handler = upload('POST');
    const file = new File(['{}'], 'data.txt', { type: 'application/json' });

    await createAttachments().addAttachment('us', 'user-1', file);

    expect(partType(handler.calls[0])).toBe('application/json');
  });

  it('types a Blob by the fileName option, which wins over the File’s name', async () => {
    const handler = upload('POST');
    const file = new File(['x'], 'picture.png');

    await createAttachments().addAttachment('us', 'user-1', file, { fileName: 'notes.txt' });

    expect(partType(handler.calls[0])).toBe('text/plain');
  });

  it('types a file path and a Node file stream by their base name (Node entry)', async () => {
    const handler = upload('POST');
    const path = join(folder, 'script.py');
    writeFileSync(path, 'print("hi")\n');
    const attachments = createAttachments();

    await attachments.addAttachment('us', 'user-1', path);
    await attachments.addAttachment('us', 'user-1', createReadStream(path));

    expect(partType(handler.calls[0])).toBe('text/x-python');
    expect(partType(handler.calls[1])).toBe('text/x-python');
  });

  it('keeps the caller’s mimeType over the name’s', async () => {
    const handler = upload('POST');

    await createAttachments().addAttachment('us', 'user-1', bytes, {
      fileName: 'notes.txt',
      mimeType: 'application/x-custom',
    });

    expect(partType(handler.calls[0])).toBe('application/x-custom');
  });
});
