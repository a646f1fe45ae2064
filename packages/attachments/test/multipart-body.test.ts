// The upload encoder: exact framing, pull-based streaming (nothing read ahead, nothing held),
// and the byte count that enforces the size limit as bytes pass.
import { InputValidationError } from '@residency/errors';
import { parseMultipart } from '@residency/testing';
import { describe, expect, it } from 'vitest';
import {
  multipartBlob,
  multipartBody,
  multipartStream,
  randomBoundary,
} from '../src/multipart-body.ts';
import type { UploadSource } from '../src/upload-source.ts';
import { bytesOf, countedStream } from './support/harness.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function streamSource(stream: ReadableStream<Uint8Array>, size?: number): UploadSource {
  return { size, name: undefined, type: undefined, replayable: false, open: () => stream };
}

describe('multipartBody', () => {
  it('frames one part named file with both file names and the type, byte for byte', async () => {
    const source = streamSource(
      new Blob(['hello\r\n--world']).stream() as ReadableStream<Uint8Array>,
    );
    const body = multipartBody(
      { source, fileName: 'résumé.txt', mimeType: 'text/plain', maxSize: 100 },
      'BOUNDARY',
    );

    const bytes = await bytesOf(body.open() as ReadableStream<Uint8Array>);

    expect(body.contentType).toBe('multipart/form-data; boundary=BOUNDARY');
    expect(body.replayable).toBe(false);
    expect(decoder.decode(bytes)).toBe(
      '--BOUNDARY\r\n' +
        `Content-Disposition: form-data; name="file"; filename="r_sum_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt\r\n` +
        'Content-Type: text/plain\r\n' +
        '\r\n' +
        'hello\r\n--world' +
        '\r\n--BOUNDARY--\r\n',
    );
    const { parts } = parseMultipart(bytes, body.contentType);
    expect(parts).toHaveLength(1);
    expect(decoder.decode(parts[0]?.data)).toBe('hello\r\n--world');
  });

  it('opens the source afresh for each attempt when it is replayable', async () => {
    let opened = 0;
    const source: UploadSource = {
      size: 3,
      name: undefined,
      type: undefined,
      replayable: true,
      open: () => {
        opened += 1;
        return new Blob(['abc']).stream() as ReadableStream<Uint8Array>;
      },
    };
    const body = multipartBody({ source, fileName: 'a', mimeType: 'text/plain', maxSize: 10 });

    const first = decoder.decode(await bytesOf(body.open() as ReadableStream<Uint8Array>));
    const second = decoder.decode(await bytesOf(body.open() as ReadableStream<Uint8Array>));

    expect(body.replayable).toBe(true);
    expect(first).toBe(second);
    expect(opened).toBe(2);
  });

  it('composes the same bytes into one Blob, for runtimes without request streams', async () => {
    const content = new Blob(['blob content']);
    const source: UploadSource = {
      size: content.size,
      name: undefined,
      type: undefined,
      replayable: true,
      open: () => content.stream() as ReadableStream<Uint8Array>,
      blob: () => content,
    };
    const upload = { source, fileName: 'a.txt', mimeType: 'text/plain', maxSize: 100 };

    const composed = multipartBlob(upload, () => content, 'B').open();
    const streamed = multipartBody(upload, 'B').open() as ReadableStream<Uint8Array>;

    expect(composed).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (composed as Blob).arrayBuffer())).toEqual(await bytesOf(streamed));
    expect(multipartBlob(upload, () => content).replayable).toBe(true);
  });

  it('uses a fresh 128-bit boundary per upload', () => {
    const boundaries = new Set(Array.from({ length: 20 }, () => randomBoundary()));
    expect(boundaries.size).toBe(20);
    for (const boundary of boundaries)
      expect(boundary).toMatch(/^----ResidencyFormBoundary[0-9a-f]{32}$/);
  });
});

describe('multipartStream', () => {
  const head = encoder.encode('HEAD');
  const tail = encoder.encode('TAIL');

  it('pulls the source one chunk per chunk read: lazy, never materialized', async () => {
    const chunks = 10_000;
    const source = countedStream(chunks, 1024);
    const reader = multipartStream(head, source.stream, tail, Number.MAX_SAFE_INTEGER).getReader();

    expect(source.pulls()).toBe(0);
    expect((await reader.read()).value).toEqual(head);
    expect(source.pulls()).toBe(0);
    for (let read = 1; read <= 50; read++) {
      const { value } = await reader.read();
      expect(value?.byteLength).toBe(1024);
      // At most the chunk handed out: nothing is read ahead of the consumer.
      expect(source.pulls()).toBe(read);
    }
    let total = 50 * 1024;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value !== undefined && decoder.decode(value) !== 'TAIL') total += value.byteLength;
    }
    expect(total).toBe(chunks * 1024);
    expect(source.pulls()).toBe(chunks);
  });

  it('fails with InputValidationError as soon as the count passes the limit, and cancels the source', async () => {
    const source = countedStream(100, 10);
    const reader = multipartStream(head, source.stream, tail, 55).getReader();

    await reader.read();
    for (let read = 0; read < 5; read++) await reader.read();
    const error = await reader.read().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ path: 'file' });
    expect((error as Error).message).toBe(
      'file is larger than the attachment size limit of 55 bytes (maxAttachmentSize)',
    );
    expect(source.pulls()).toBe(6);
    expect(source.cancelled()).toBe(error);
  });

  it('takes exactly the limit', async () => {
    const source = countedStream(5, 11);

    const bytes = await bytesOf(multipartStream(head, source.stream, tail, 55));

    expect(bytes.byteLength).toBe(4 + 55 + 4);
  });

  it('skips empty chunks and refuses chunks that are not bytes', async () => {
    const chunks: unknown[] = [new Uint8Array(0), encoder.encode('x'), new Uint8Array(0)];
    const skipping = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next as Uint8Array);
      },
    });
    expect(decoder.decode(await bytesOf(multipartStream(head, skipping, tail, 10)))).toBe(
      'HEADxTAIL',
    );

    const strings = new ReadableStream({ start: (controller) => controller.enqueue('text') });
    const error = await bytesOf(
      multipartStream(head, strings as ReadableStream<Uint8Array>, tail, 10),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toBe('file must yield Uint8Array chunks');
  });

  it('passes a cancel on to the source', async () => {
    const source = countedStream(100, 10);
    const stream = multipartStream(head, source.stream, tail, 1000);
    const reader = stream.getReader();
    await reader.read();
    await reader.read();

    await reader.cancel('connection closed');

    expect(source.cancelled()).toBe('connection closed');
  });
});
