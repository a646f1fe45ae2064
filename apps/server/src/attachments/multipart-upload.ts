// An attachment upload is `multipart/form-data` with one part named `file` (protocol.md §4.8).
// The body streams from the socket through busboy straight into the store, chunk by chunk: a
// 100 MiB file never sits in memory. The part's filename may come as raw UTF-8 in `filename=`
// or as RFC 2231 `filename*=` (busboy decodes both); a missing one becomes `file`, as Python
// names it; a missing part Content-Type becomes the type of the filename's extension (the rule
// the SDK applies too, `mimeTypeForFileName`), else `application/octet-stream`.

import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { mimeTypeForFileName } from '@residency/protocol';
import busboy, { type Busboy } from 'busboy';
import { ApiError } from '../http/api-error.ts';
import { hasNul, NUL_RULE } from '../http/json-body.ts';
import { multipartBoundary, PartHeaderSniffer } from './part-header-sniffer.ts';

/** The longest attachment filename, in characters. */
export const MAX_FILENAME_LENGTH = 1024;

/** The multipart part that carries the file. */
const FILE_PART = 'file';

/** An upload whose file part has begun; its bytes arrive through `data`. */
export interface ReceivedUpload {
  readonly filename: string;
  readonly mimeType: string;
  /** The file's bytes as they arrive; throws `MalformedUploadError` if the body breaks off. */
  readonly data: AsyncIterable<Uint8Array>;
  /** Settles when the rest of the body is read; rejects with a 400 `ApiError` if malformed. */
  readonly finished: Promise<void>;
  /** Stops reading the body (after a failure). */
  readonly abort: () => void;
  /** Tells whether the body broke off or broke the multipart rules while `data` was read. */
  readonly malformed: () => boolean;
}

/** The multipart body broke its own rules (cut short, bad boundary, bad headers). */
export class MalformedUploadError extends Error {
  constructor() {
    super('malformed multipart body');
    this.name = 'MalformedUploadError';
  }
}

const MULTIPART_RULE = 'must be multipart/form-data with a part named file';

/** The most bytes of a `file` part without a filename (which busboy buffers as a field). */
const MAX_FIELD_FILE_SIZE = 64 * 1024;

const FIELD_FILE_RULE = `without a filename must be at most ${MAX_FIELD_FILE_SIZE} bytes`;

function createParser(contentType: string): Busboy {
  try {
    return busboy({
      headers: { 'content-type': contentType },
      // Browsers and Python's urllib3 put raw UTF-8 in `filename="…"`; busboy's default reads
      // it as latin1.
      defParamCharset: 'utf8',
      limits: { fields: 20, fieldSize: MAX_FIELD_FILE_SIZE, parts: 50, headerPairs: 50 },
    });
  } catch {
    throw ApiError.of(400, 'Content-Type', MULTIPART_RULE);
  }
}

async function* fileChunks(
  file: Readable,
  state: { malformed: boolean },
): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of file) yield chunk as Uint8Array;
  } catch {
    // busboy destroys the part's stream when the body ends inside it or breaks the format.
    state.malformed = true;
    throw new MalformedUploadError();
  }
}

async function* singleChunk(chunk: Uint8Array): AsyncIterable<Uint8Array> {
  yield chunk;
}

function uploadName(filename: string | undefined): string {
  const name = filename === undefined || filename === '' ? 'file' : filename;
  if (hasNul(name)) throw ApiError.of(400, 'file', `filename ${NUL_RULE}`);
  if ([...name].length > MAX_FILENAME_LENGTH) {
    throw ApiError.of(400, 'file', `filename must be at most ${MAX_FILENAME_LENGTH} characters`);
  }
  return name;
}

/** One upload being read: the parser, the header sniffer, and how to stop. */
interface UploadSession {
  readonly parser: Busboy;
  readonly sniffer: PartHeaderSniffer;
  readonly source: Readable;
  /** `failed`: busboy reported the body malformed; no part is taken after that. */
  readonly state: { malformed: boolean; failed: boolean };
  readonly finished: Promise<void>;
  readonly abort: () => void;
}

function openSession(contentType: string, boundary: string, body: ReadableStream): UploadSession {
  const parser = createParser(contentType);
  const sniffer = new PartHeaderSniffer(boundary);
  const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
  const state = { malformed: false, failed: false };
  const abort = (): void => {
    source.unpipe(sniffer);
    source.destroy();
    sniffer.destroy();
  };
  const finished = new Promise<void>((resolve, reject) => {
    parser.once('close', resolve);
    // `on`, not `once`: busboy emits an error for each malformed part header besides the one it
    // ends with, and an error emitted with no listener left is an uncaught exception.
    parser.on('error', (error: unknown) => {
      state.failed = true;
      reject(ApiError.of(400, 'body', MULTIPART_RULE));
      // busboy reads on past a malformed part header, but `pipe` stops feeding a destination
      // that emitted an error: the part being read would never end. So the parse ends here
      // (after the write busboy is inside of), which errors that part's stream.
      process.nextTick(() => {
        abort();
        if (!parser.destroyed) parser.destroy(error instanceof Error ? error : undefined);
      });
    });
  });
  return { parser, sniffer, source, state, finished, abort };
}

function uploadOf(
  session: UploadSession,
  part: { filename: string | undefined; mimeType: string; data: AsyncIterable<Uint8Array> },
): ReceivedUpload {
  const declared = session.sniffer.declaresContentType(FILE_PART);
  const filename = uploadName(part.filename);
  return {
    filename,
    mimeType: declared === false ? mimeTypeForFileName(filename) : part.mimeType,
    data: part.data,
    finished: session.finished,
    abort: session.abort,
    malformed: () => session.state.malformed,
  };
}

const ignoreError = (): void => undefined;

function listenForFile(
  session: UploadSession,
  resolve: (upload: ReceivedUpload) => void,
  reject: (error: unknown) => void,
): void {
  let started = false;
  const take = (build: () => ReceivedUpload): void => {
    started = true;
    try {
      resolve(build());
    } catch (error) {
      session.abort();
      reject(error);
    }
  };
  session.parser.on('file', (name, file, info) => {
    // busboy errors the stream of the part being read when the body ends inside it, besides
    // erroring itself (`finished` takes that one); unheard, it would be an uncaught exception.
    file.on('error', ignoreError);
    if (started || name !== FILE_PART || session.state.failed) {
      file.resume(); // other files are read past, not kept
      return;
    }
    take(() => uploadOf(session, { ...info, data: fileChunks(file, session.state) }));
  });
  // A part without a filename and of a text type is a form field to busboy (buffered, at most
  // `fieldSize`); taken as the file all the same, as a client naming no file means one.
  session.parser.on('field', (name, value, info) => {
    if (started || name !== FILE_PART || session.state.failed) return;
    take(() => {
      if (info.valueTruncated) throw ApiError.of(400, 'file', FIELD_FILE_RULE);
      const data = singleChunk(Buffer.from(value, 'utf8'));
      return uploadOf(session, { filename: undefined, mimeType: info.mimeType, data });
    });
  });
}

/**
 * Starts reading a multipart upload and resolves once its `file` part begins.
 *
 * @param request The request (its body is read as a stream).
 * @returns The upload: names, the data stream, and the end of the body.
 * @throws {ApiError} 415 when the body is not multipart; 400 when it is malformed or has no
 *   part named `file`.
 */
export function receiveUpload(request: Request): Promise<ReceivedUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  const boundary = multipartBoundary(contentType);
  if (!/^multipart\/form-data\s*;/i.test(contentType) || boundary === undefined) {
    return Promise.reject(ApiError.of(415, 'Content-Type', MULTIPART_RULE));
  }
  if (request.body === null) return Promise.reject(ApiError.of(400, 'body', MULTIPART_RULE));
  const session = openSession(contentType, boundary, request.body);
  return new Promise<ReceivedUpload>((resolve, reject) => {
    listenForFile(session, resolve, reject);
    // Settling after a file part was found changes nothing; before, it means there was none.
    session.finished.then(() => reject(ApiError.of(400, 'body', MULTIPART_RULE)), reject);
    session.source.on('error', () => session.parser.destroy(new MalformedUploadError()));
    session.source.pipe(session.sniffer).pipe(session.parser);
  });
}
