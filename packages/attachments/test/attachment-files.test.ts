// Download, metadata and delete over msw: paths with the hashed key and the file id, the
// filename of the download, the content streamed to the caller, and the errors.

import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputValidationError, StorageNetworkError, StorageServerError } from '@residency/errors';
import { attachmentMetaBody, errorResponse } from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readAttachmentBytes, toNodeReadable } from '../src/index.node.ts';
import {
  attachmentHandler,
  countedStream,
  createAttachments,
  storedKey,
  tokens,
} from './support/harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const decoder = new TextDecoder();
const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);
const KEY = storedKey('user-1');
const notFound = () =>
  errorResponse(404, {
    errors: [{ title: 'Not Found', source: 'file_id', detail: 'no such file' }],
  });

function download(body: BodyInit | null, disposition?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (disposition !== undefined) headers['content-disposition'] = disposition;
  const handler = attachmentHandler(
    'GET',
    `/${KEY}/attachments/:fileId`,
    () => new Response(body, { headers }),
  );
  server.use(tokens().handler, handler.handler);
  return handler;
}

describe('getAttachmentFile', () => {
  it('GETs the file by id and returns its Unicode name and its content as a stream', async () => {
    const handler = download('file content', "attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.txt");

    const { attachmentData } = await createAttachments().getAttachmentFile(
      'us',
      'user-1',
      'file 1/a',
    );

    expect(handler.calls[0]?.path).toBe(`/v2/storage/records/us/${KEY}/attachments/file%201%2Fa`);
    expect(attachmentData.filename).toBe('报告.txt');
    expect(attachmentData.file).toBeInstanceOf(ReadableStream);
    expect(decoder.decode(await readAttachmentBytes(attachmentData.file))).toBe('file content');
  });

  it('streams what the server streams, chunk by chunk, to a Node Readable', async () => {
    const source = countedStream(300, 1_000);
    download(source.stream, 'attachment; filename="big.bin"');
    const { attachmentData } = await createAttachments().getAttachmentFile('us', 'user-1', 'f');
    let received = 0;

    await pipeline(
      toNodeReadable(attachmentData.file),
      new Writable({
        write(chunk: Uint8Array, _, done) {
          received += chunk.byteLength;
          done();
        },
      }),
    );

    expect(attachmentData.filename).toBe('big.bin');
    expect(received).toBe(300_000);
  });

  it('names a download without Content-Disposition file', async () => {
    download('x');
    const { attachmentData } = await createAttachments().getAttachmentFile('us', 'user-1', 'f');
    expect(attachmentData.filename).toBe('file');
    await attachmentData.file.cancel();
  });

  it('gives an empty stream for a bodiless answer, and the response info in debug mode', async () => {
    download(null, 'attachment; filename="empty.txt"');

    const result = await createAttachments({ debug: true }).getAttachmentFile('us', 'user-1', 'f');

    expect(await readAttachmentBytes(result.attachmentData.file)).toEqual(new Uint8Array(0));
    expect(result.httpResponse).toMatchObject({ status: 200, method: 'GET' });
  });

  it('turns an abort while reading into a StorageNetworkError', async () => {
    const controller = new AbortController();
    const source = countedStream(1_000, 100);
    download(source.stream);
    const { attachmentData } = await createAttachments().getAttachmentFile('us', 'user-1', 'f', {
      signal: controller.signal,
    });
    const reader = attachmentData.file.getReader();
    await reader.read();

    controller.abort(new Error('stop'));
    const error = await reader.read().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toBe(
      `GET /v2/storage/records/us/${KEY}/attachments/f was aborted`,
    );
  });

  it('maps a missing record or file to StorageServerError 404', async () => {
    server.use(
      tokens().handler,
      attachmentHandler('GET', `/${KEY}/attachments/f`, notFound).handler,
    );

    const error = await settle(createAttachments().getAttachmentFile('us', 'user-1', 'f'));

    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ status: 404, detail: 'no such file' });
  });
});

describe('getAttachmentMeta and updateAttachmentMeta', () => {
  it('GETs …/meta and returns the meta with dates', async () => {
    const handler = attachmentHandler('GET', `/${KEY}/attachments/f-1/meta`, () =>
      Response.json(attachmentMetaBody({ file_id: 'f-1', filename: 'n.txt', size: 42 })),
    );
    server.use(tokens().handler, handler.handler);

    const { attachmentMeta } = await createAttachments().getAttachmentMeta('us', 'user-1', 'f-1');

    expect(handler.calls[0]?.method).toBe('GET');
    expect(attachmentMeta).toMatchObject({ fileId: 'f-1', filename: 'n.txt', size: 42 });
    expect(attachmentMeta.createdAt).toEqual(new Date('2024-05-01T12:00:00.000Z'));
  });

  it('PATCHes only the given fields, snake_case', async () => {
    const handler = attachmentHandler('PATCH', `/${KEY}/attachments/f-1/meta`, ({ call }) =>
      Response.json(attachmentMetaBody({ ...(call.body as object) })),
    );
    server.use(tokens().handler, handler.handler);
    const attachments = createAttachments();

    const renamed = await attachments.updateAttachmentMeta('us', 'user-1', 'f-1', {
      fileName: 'new.txt',
    });
    await attachments.updateAttachmentMeta('us', 'user-1', 'f-1', { mimeType: 'text/plain' });
    await attachments.updateAttachmentMeta('us', 'user-1', 'f-1', {
      fileName: 'both.txt',
      mimeType: 'text/csv',
    });

    expect(handler.calls.map((call) => call.body)).toEqual([
      { filename: 'new.txt' },
      { mime_type: 'text/plain' },
      { filename: 'both.txt', mime_type: 'text/csv' },
    ]);
    expect(handler.calls[0]?.headers['content-type']).toBe('application/json');
    expect(renamed.attachmentMeta.filename).toBe('new.txt');
  });

  it('needs at least one field, each valid', async () => {
    const attachments = createAttachments();
    for (const [meta, message] of [
      [{}, 'meta must name at least one of fileName and mimeType'],
      [{ fileName: undefined }, 'meta must name at least one of fileName and mimeType'],
      [
        { mimeType: 'nope' },
        'meta.mimeType must be a MIME type such as text/plain (RFC 9110 media-type, at most 255 characters)',
      ],
      [
        { mimeType: 'text/plain\r\nX-Forged: 1' },
        'meta.mimeType must be a MIME type such as text/plain (RFC 9110 media-type, at most 255 characters)',
      ],
      [{ size: 3 }, 'meta.size is not an attachment meta field'],
      [null, 'meta must be an object with fileName or mimeType'],
      [{ fileName: 'a\ud800' }, 'meta.fileName must be well-formed Unicode (no lone surrogate)'],
    ] as const) {
      const error = await settle(
        attachments.updateAttachmentMeta('us', 'user-1', 'f', meta as never),
      );
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).toBe(message);
    }
  });

  it('maps 404 to StorageServerError', async () => {
    server.use(
      tokens().handler,
      attachmentHandler('GET', `/${KEY}/attachments/f/meta`, notFound).handler,
    );

    const error = await settle(createAttachments().getAttachmentMeta('us', 'user-1', 'f'));

    expect(error).toMatchObject({ status: 404 });
  });
});

describe('deleteAttachment', () => {
  it('DELETEs the file and answers success', async () => {
    const handler = attachmentHandler(
      'DELETE',
      `/${KEY}/attachments/f-1`,
      () => new Response(null, { status: 204 }),
    );
    server.use(tokens().handler, handler.handler);

    const result = await createAttachments().deleteAttachment('us', 'user-1', 'f-1');

    expect(result).toEqual({ success: true });
    expect(handler.calls[0]?.method).toBe('DELETE');
  });

  it('maps 404 to StorageServerError and checks the file id first', async () => {
    server.use(
      tokens().handler,
      attachmentHandler('DELETE', `/${KEY}/attachments/f`, notFound).handler,
    );
    const attachments = createAttachments();

    expect(await settle(attachments.deleteAttachment('us', 'user-1', 'f'))).toMatchObject({
      status: 404,
    });
    const empty = await settle(attachments.deleteAttachment('us', 'user-1', ''));
    expect(empty).toBeInstanceOf(InputValidationError);
    expect((empty as Error).message).toBe('fileId must be a non-empty string');
    const lone = await settle(attachments.deleteAttachment('us', 'user-1', 'f-\ud800'));
    expect(lone).toBeInstanceOf(InputValidationError);
    expect((lone as Error).message).toBe('fileId must be well-formed Unicode (no lone surrogate)');
  });
});
