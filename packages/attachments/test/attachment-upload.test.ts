// addAttachment end to end over msw: the method, the URL with the hashed key, the headers and the
// multipart body as sent; the size limit on both sides; errors as for every records call.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  InputValidationError,
  StorageConfigValidationError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import {
  attachmentMetaBody,
  errorResponse,
  parseMultipart,
  type RecordedRequest,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AttachmentStorage as WebAttachmentStorage } from '../src/index.ts';
import {
  attachmentHandler,
  countedStream,
  createAttachments,
  harnessOptions,
  storedKey,
  tokens,
} from './support/harness.ts';
import { makeTempFolder } from './support/temp-folders.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => {
  server.close();
  rmSync(folder, { recursive: true, force: true });
});

const folder = makeTempFolder('upload');
const decoder = new TextDecoder();
const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);
const KEY = storedKey('user-1');

function upload(
  method: 'POST' | 'PUT' = 'POST',
  answer = () => Response.json(attachmentMetaBody()),
) {
  const handler = attachmentHandler(method, `/${KEY}/attachments`, answer);
  server.use(tokens().handler, handler.handler);
  return handler;
}

function partOf(call: RecordedRequest | undefined) {
  if (call === undefined) throw new Error('nothing was sent');
  const { parts } = parseMultipart(call.bytes, call.headers['content-type'] ?? '');
  expect(parts).toHaveLength(1);
  return parts[0] as NonNullable<(typeof parts)[0]>;
}

describe('addAttachment', () => {
  it('POSTs one multipart part named file to the hashed record path and returns the meta', async () => {
    const handler = upload();
    const file = new File(['%PDF-1.7 content'], 'report.pdf', { type: 'application/pdf' });

    const result = await createAttachments().addAttachment('US', 'user-1', file, undefined, {
      headers: { 'X-Trace': 't-1' },
    });

    const [call] = handler.calls;
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe(`/v2/storage/records/us/${KEY}/attachments`);
    expect(call?.headers['content-type']).toMatch(
      /^multipart\/form-data; boundary=----ResidencyFormBoundary[0-9a-f]{32}$/,
    );
    expect(call?.headers).toMatchObject({
      authorization: 'Bearer token-1',
      'x-env-id': expect.any(String),
      'x-trace': 't-1',
    });
    expect(call?.headers['x-encrypted-storage']).toBeUndefined();
    const part = partOf(call);
    expect(part.disposition).toEqual({
      name: 'file',
      filename: 'report.pdf',
      'filename*': "UTF-8''report.pdf",
    });
    expect(part.headers['content-type']).toBe('application/pdf');
    expect(decoder.decode(part.data)).toBe('%PDF-1.7 content');
    expect(result.attachmentMeta).toEqual({
      fileId: 'file-1',
      filename: 'report.pdf',
      hash: 'a'.repeat(64),
      mimeType: 'application/pdf',
      size: 3,
      createdAt: new Date('2024-05-01T12:00:00.000Z'),
      updatedAt: new Date('2024-05-01T12:30:00.000Z'),
      downloadLink: 'https://pop.test/v2/storage/records/us/key/attachments/file-1',
    });
    expect('httpResponse' in result).toBe(false);
  });

  it('PUTs with upsert, with the given name and type, Unicode intact', async () => {
    const handler = upload('PUT');

    await createAttachments().addAttachment('us', 'user-1', new Uint8Array([0, 1, 2, 255]), {
      fileName: 'Отчёт 2024.bin',
      mimeType: 'application/x-custom; version=2',
      upsert: true,
    });

    const part = partOf(handler.calls[0]);
    expect(handler.calls[0]?.method).toBe('PUT');
    expect(part.disposition.filename).toBe('_____ 2024.bin');
    expect(decodeURIComponent((part.disposition['filename*'] ?? '').replace("UTF-8''", ''))).toBe(
      'Отчёт 2024.bin',
    );
    expect(part.headers['content-type']).toBe('application/x-custom; version=2');
    expect(part.data).toEqual(new Uint8Array([0, 1, 2, 255]));
  });

  it('defaults the name to file and the type to application/octet-stream', async () => {
    const handler = upload();

    await createAttachments().addAttachment('us', 'user-1', new Uint8Array([1]));

    const part = partOf(handler.calls[0]);
    expect(part.disposition).toMatchObject({ filename: 'file', 'filename*': "UTF-8''file" });
    expect(part.headers['content-type']).toBe('application/octet-stream');
  });

  it('streams a web stream of many chunks through to the server, every byte in order', async () => {
    const handler = upload();
    const source = countedStream(2_000, 512);

    await createAttachments().addAttachment('us', 'user-1', source.stream, { fileName: 'big.bin' });

    const part = partOf(handler.calls[0]);
    expect(part.data.byteLength).toBe(2_000 * 512);
    expect(part.data[0]).toBe(0);
    expect(part.data[511 * 512]).toBe(255);
    expect(part.data[1_999 * 512]).toBe(1_999 % 256);
    expect(source.pulls()).toBe(2_000);
  });

  it('uploads a Node Readable, and a file path by its base name (Node entry)', async () => {
    const handler = upload();
    const path = join(folder, 'contract.txt');
    writeFileSync(path, 'signed');
    const attachments = createAttachments();

    await attachments.addAttachment(
      'us',
      'user-1',
      Readable.from([new TextEncoder().encode('readable')]),
    );
    await attachments.addAttachment('us', 'user-1', path);

    expect(decoder.decode(partOf(handler.calls[0]).data)).toBe('readable');
    const fromPath = partOf(handler.calls[1]);
    expect(fromPath.disposition.filename).toBe('contract.txt');
    expect(decoder.decode(fromPath.data)).toBe('signed');
  });

  it('refuses a path in the default (web) entry before any request', async () => {
    server.use(tokens().handler);
    const attachments = new WebAttachmentStorage(harnessOptions());

    const error = await settle(attachments.addAttachment('us', 'user-1', './contract.txt'));

    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toMatch(/^file paths need a file system/);
  });

  it('sends a Blob as one composed Blob from the default entry, and streams it from Node', async () => {
    const handler = upload();
    const bodies: unknown[] = [];
    const spy = (input: RequestInfo | URL, init?: RequestInit & { duplex?: string }) => {
      if (String(input).includes('/attachments')) bodies.push([init?.body, init?.duplex]);
      return fetch(input, init);
    };
    const options = { transport: { fetch: spy as typeof fetch } };
    const file = new File(['same bytes'], 'same.txt', { type: 'text/plain' });

    await new WebAttachmentStorage(harnessOptions(options)).addAttachment('us', 'user-1', file);
    await createAttachments(options).addAttachment('us', 'user-1', file);

    expect(bodies[0]).toEqual([expect.any(Blob), undefined]);
    expect(bodies[1]).toEqual([expect.any(ReadableStream), 'half']);
    expect(handler.calls[0]?.text.replace(/ResidencyFormBoundary\w+/g, 'B')).toBe(
      handler.calls[1]?.text.replace(/ResidencyFormBoundary\w+/g, 'B'),
    );
    expect(decoder.decode(partOf(handler.calls[0]).data)).toBe('same bytes');
  });

  it('uses the raw key in SSE mode, with X-Encrypted-Storage, and hides it in errors', async () => {
    const handler = attachmentHandler('POST', '/raw%20key/attachments', () => errorResponse(404));
    server.use(tokens().handler, handler.handler);

    const error = await settle(
      createAttachments({ encryption: 'SSE' }).addAttachment('us', 'raw key', new Blob(['x'])),
    );

    expect(handler.calls[0]?.path).toBe('/v2/storage/records/us/raw%20key/attachments');
    expect(handler.calls[0]?.headers['x-encrypted-storage']).toBe('true');
    expect((error as Error).message).toBe(
      'POST /v2/storage/records/us/{recordKey}/attachments failed: 404 Not Found',
    );
  });

  it('carries the response info in debug mode', async () => {
    upload();

    const result = await createAttachments({ debug: true }).addAttachment(
      'us',
      'user-1',
      new Blob(['x']),
    );

    expect(result.httpResponse).toMatchObject({ status: 200, method: 'POST' });
  });
});

describe('addAttachment: sizes and errors', () => {
  it('refuses a file whose known size passes the limit before sending anything', async () => {
    const handler = upload();
    const attachments = createAttachments({ maxAttachmentSize: 10 });

    for (const file of [new Uint8Array(11), new Blob(['x'.repeat(11)])]) {
      const error = await settle(attachments.addAttachment('us', 'user-1', file));
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).toBe(
        'file is larger than the attachment size limit of 10 bytes (maxAttachmentSize)',
      );
    }
    const path = join(folder, 'eleven.txt');
    writeFileSync(path, 'x'.repeat(11));
    expect(await settle(attachments.addAttachment('us', 'user-1', path))).toBeInstanceOf(
      InputValidationError,
    );
    expect(handler.calls).toHaveLength(0);
  });

  it('fails a stream of unknown size as soon as it passes the limit, reading no further', async () => {
    const handler = upload();
    const source = countedStream(1_000, 100);

    const error = await settle(
      createAttachments({ maxAttachmentSize: 1_050 }).addAttachment('us', 'user-1', source.stream),
    );

    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ path: 'file' });
    expect(source.pulls()).toBe(11);
    expect(handler.calls[0]?.bodyFailed).toBe(true);
  });

  it('uploads exactly the limit', async () => {
    const handler = upload();

    await createAttachments({ maxAttachmentSize: 4 }).addAttachment(
      'us',
      'user-1',
      new Uint8Array(4),
    );

    expect(partOf(handler.calls[0]).data.byteLength).toBe(4);
  });

  it('defaults the limit to 100 MiB and refuses a bad one', () => {
    expect(createAttachments().maxAttachmentSize).toBe(104_857_600);
    for (const maxAttachmentSize of [0, -1, 1.5, Number.NaN, '10']) {
      expect(() => createAttachments({ maxAttachmentSize: maxAttachmentSize as number })).toThrow(
        StorageConfigValidationError,
      );
    }
    expect(() => createAttachments({ openFile: 'nope' as never })).toThrow(
      'openFile must be a function',
    );
  });

  it('maps 404 (no such record) and 413 (over the server limit) to StorageServerError', async () => {
    const detail = {
      title: 'Content Too Large',
      source: 'file',
      detail: 'must be at most 5 bytes',
    };
    upload('POST', () =>
      errorResponse(404, {
        errors: [{ title: 'Not Found', source: 'record_key', detail: 'no record' }],
      }),
    );
    const missing = await settle(
      createAttachments().addAttachment('us', 'user-1', new Blob(['x'])),
    );
    expect(missing).toBeInstanceOf(StorageServerError);
    expect(missing).toMatchObject({ status: 404, detail: 'no record' });

    server.resetHandlers();
    upload('POST', () => errorResponse(413, { errors: [detail] }));
    const tooLarge = await settle(
      createAttachments().addAttachment('us', 'user-1', new Blob(['123456'])),
    );
    expect(tooLarge).toBeInstanceOf(StorageServerError);
    expect(tooLarge).toMatchObject({ status: 413, detail: 'must be at most 5 bytes' });
    expect((tooLarge as Error).message).toBe(
      `POST /v2/storage/records/us/${KEY}/attachments failed: 413 Content Too Large`,
    );
  });

  it('resends a replayable file after 429, but never a stream read once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const handler = upload('POST', () => errorResponse(429));
    const attachments = createAttachments({ transport: { retryBaseDelay: 10, retryMaxDelay: 20 } });

    const replayed = settle(attachments.addAttachment('us', 'user-1', new Blob(['blob'])));
    await vi.advanceTimersByTimeAsync(100);
    expect(await replayed).toMatchObject({ status: 429 });
    expect(handler.calls.map((call) => decoder.decode(partOf(call).data))).toEqual([
      'blob',
      'blob',
      'blob',
    ]);

    const once = await settle(
      attachments.addAttachment('us', 'user-1', countedStream(2, 2).stream),
    );
    expect(once).toMatchObject({ status: 429 });
    expect(handler.calls).toHaveLength(4);
  });

  it('validates the answer with the wire schema', async () => {
    upload('POST', () => Response.json({ ...attachmentMetaBody(), size: -1 }));

    const error = await settle(createAttachments().addAttachment('us', 'user-1', new Blob(['x'])));

    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect((error as Error).message).toContain('size');
  });

  it('checks every argument before any request', async () => {
    const handler = upload();
    const attachments = createAttachments();
    const cases: [Parameters<AttachmentStorageMethod>, string][] = [
      [['usa', 'user-1', new Blob(['x'])], 'country'],
      [['us', '', new Blob(['x'])], 'recordKey'],
      [['us', 'user-1', new Blob(['x']), { fileName: '' }], 'options.fileName'],
      [['us', 'user-1', new Blob(['x']), { mimeType: 'text plain' }], 'options.mimeType'],
      [
        ['us', 'user-1', new Blob(['x']), { mimeType: 'text/plain\r\nX-Evil: 1' }],
        'options.mimeType',
      ],
      [['us', 'user-1', new Blob(['x']), { upsert: 'yes' as never }], 'options.upsert'],
      // Lone surrogates (ill-formed Unicode) in the key, the file name and the type's parameters.
      [['us', 'user-\ud800', new Blob(['x'])], 'recordKey'],
      [['us', 'user-1', new Blob(['x']), { fileName: 'a\udc00.txt' }], 'options.fileName'],
      [['us', 'user-1', new Blob(['x']), { mimeType: 'text/plain; x=\ud800' }], 'options.mimeType'],
      [['us', 'user-1', new Blob(['x']), { filename: 'a' } as never], 'options.filename'],
      [
        ['us', 'user-1', new Blob(['x']), undefined, { signal: 'no' as never }],
        'requestOptions.signal',
      ],
    ];
    for (const [args, path] of cases) {
      const error = await settle(attachments.addAttachment(...args));
      expect(error, path).toBeInstanceOf(InputValidationError);
      expect((error as InputValidationError).path, path).toBe(path);
    }
    expect(handler.calls).toHaveLength(0);
  });
});

type AttachmentStorageMethod = WebAttachmentStorage['addAttachment'];
