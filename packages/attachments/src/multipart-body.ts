// The upload body: `multipart/form-data` (RFC 7578) with one part named `file`, produced as a
// stream. Nothing is read ahead: each pull of the connection takes one chunk from the source,
// so memory stays flat whatever the size, and the bytes are counted as they pass.

import { InputValidationError } from '@residency/errors';
import type { StreamBody } from '@residency/transport';
import { formDataDisposition } from './content-disposition.ts';
import type { UploadSource } from './upload-source.ts';

/** What one upload sends. */
export interface MultipartUpload {
  /** The content. */
  readonly source: UploadSource;
  /** The part's file name. */
  readonly fileName: string;
  /** The part's `Content-Type`. */
  readonly mimeType: string;
  /** The most content bytes allowed; past it the body fails with `InputValidationError`. */
  readonly maxSize: number;
}

const encoder = new TextEncoder();

/**
 * A fresh boundary: 128 random bits, so no content can contain it by chance.
 *
 * @returns e.g. `----ResidencyFormBoundary3f9c…`.
 */
export function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `----ResidencyFormBoundary${hex}`;
}

/**
 * The error of an upload past the limit.
 *
 * @param maxSize The limit, in bytes.
 * @returns The error; `path` is `file`.
 */
export function tooLargeError(maxSize: number): InputValidationError {
  return new InputValidationError(
    `file is larger than the attachment size limit of ${maxSize} bytes (maxAttachmentSize)`,
    { path: 'file' },
  );
}

/**
 * Reads the content's next non-empty chunk, counting its bytes.
 *
 * @param reader The content's reader.
 * @param count The bytes counted so far; updated.
 * @param maxSize The most content bytes allowed.
 * @returns The chunk, or `null` at the end of the content.
 * @throws {InputValidationError} A chunk that is not bytes, or the count past `maxSize`.
 */
async function nextChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  count: { bytes: number },
  maxSize: number,
): Promise<Uint8Array | null> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return null;
    if (!(value instanceof Uint8Array)) {
      throw new InputValidationError('file must yield Uint8Array chunks', { path: 'file' });
    }
    count.bytes += value.byteLength;
    if (count.bytes > maxSize) throw tooLargeError(maxSize);
    // An empty chunk would make the connection pull again for nothing: read on.
    if (value.byteLength > 0) return value;
  }
}

/**
 * Streams head, content and tail, one source chunk per pull, counting the content's bytes.
 *
 * @param head The delimiter and part headers.
 * @param content The source, opened.
 * @param tail The closing delimiter.
 * @param maxSize The most content bytes allowed.
 * @returns The body stream; it fails (and cancels the source) past `maxSize`.
 */
export function multipartStream(
  head: Uint8Array,
  content: ReadableStream<Uint8Array>,
  tail: Uint8Array,
  maxSize: number,
): ReadableStream<Uint8Array> {
  let started = false;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const count = { bytes: 0 };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(head);
          return;
        }
        reader ??= content.getReader();
        try {
          const chunk = await nextChunk(reader, count, maxSize);
          if (chunk !== null) controller.enqueue(chunk);
          else {
            controller.enqueue(tail);
            controller.close();
          }
        } catch (error) {
          reader.cancel(error).catch(() => undefined);
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader === undefined ? content.cancel(reason) : reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The framing of one upload: the bytes before and after the content. */
interface Framing {
  readonly contentType: string;
  readonly head: Uint8Array<ArrayBuffer>;
  readonly tail: Uint8Array<ArrayBuffer>;
}

function framing(upload: MultipartUpload, boundary: string): Framing {
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: encoder.encode(
      `--${boundary}\r\n` +
        `Content-Disposition: ${formDataDisposition(upload.fileName)}\r\n` +
        `Content-Type: ${upload.mimeType}\r\n\r\n`,
    ),
    tail: encoder.encode(`\r\n--${boundary}--\r\n`),
  };
}

/**
 * Builds the streamed body of an upload: one part, `name="file"`, the file name as an ASCII
 * `filename` and as `filename*=UTF-8''…`, the MIME type as the part's `Content-Type`. Opened
 * once per attempt; replayable when the source is.
 *
 * @param upload Source, names, limit.
 * @param boundary The boundary; a random one unless told (tests fix it).
 * @returns The body for the transport.
 */
export function multipartBody(
  upload: MultipartUpload,
  boundary: string = randomBoundary(),
): StreamBody {
  const { contentType, head, tail } = framing(upload, boundary);
  return {
    contentType,
    replayable: upload.source.replayable,
    open: () => multipartStream(head, upload.source.open(), tail, upload.maxSize),
  };
}

/**
 * Builds the same body as one `Blob` composed of the framing and the content's `Blob`: nothing
 * is copied, and every runtime can send it, also where request streams are missing (Firefox,
 * Safari) or need HTTP/2 (Chromium). For sources with a `blob` only; their size was checked.
 *
 * @param upload Source (with `blob`), names, limit.
 * @param blob The content.
 * @param boundary The boundary; a random one unless told.
 * @returns The body for the transport.
 */
export function multipartBlob(
  upload: MultipartUpload,
  blob: () => Blob,
  boundary: string = randomBoundary(),
): StreamBody {
  const { contentType, head, tail } = framing(upload, boundary);
  return { contentType, replayable: true, open: () => new Blob([head, blob(), tail]) };
}
