// What an upload reads from. Every kind of `file` the caller may pass becomes an `UploadSource`:
// a stream opened on demand, its size when known before reading (so a too-large file fails
// before anything is sent) and the name and type it carries.

import { InputValidationError } from '@residency/errors';

/** What `addAttachment` accepts as `file`. */
export type AttachmentFile =
  | string
  | Blob
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** An upload's content, ready to be streamed. */
export interface UploadSource {
  /** The size in bytes when known before reading (bytes, `Blob`, a file); else `undefined`. */
  readonly size: number | undefined;
  /** The name the source carries (a `File`'s, a path's base name), if any. */
  readonly name: string | undefined;
  /** The MIME type the source carries (a `Blob`'s `type`), if any. */
  readonly type: string | undefined;
  /** `true` when `open` can be called again (a retry or a token refresh resends the upload). */
  readonly replayable: boolean;
  /**
   * The content as a `Blob`, for sources that are one or are bytes; `undefined` for streams and
   * files. Lets the default entry send a composed `Blob` where request streams are missing.
   */
  readonly blob?: (() => Blob) | undefined;
  /**
   * Opens the content; read on demand, never ahead.
   *
   * @returns A stream of the bytes.
   */
  open(): ReadableStream<Uint8Array>;
}

/** Opens a file path; the Node entry of this package supplies one. */
export type FileOpener = (path: string) => Promise<UploadSource>;

/** How many bytes of a `Uint8Array` go into one chunk: slices, never copies. */
const CHUNK_SIZE = 64 * 1024;

const FILE_RULE =
  'must be a Blob, a Uint8Array, a ReadableStream, an async iterable of Uint8Array chunks ' +
  '(a Node Readable) or, in Node, a file path';

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.subarray(offset, offset + CHUNK_SIZE));
        offset += CHUNK_SIZE;
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Turns an async iterable (a Node `Readable`, an async generator) into a stream that asks the
 * iterator for one chunk per pull, so the source's own backpressure holds.
 *
 * @param iterable The chunks.
 * @returns The stream.
 */
export function iterableStream(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        iterator ??= iterable[Symbol.asyncIterator]();
        const next = await iterator.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        // Lets the source release what it holds (a Node Readable destroys its file).
        await iterator?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function isAsyncIterable(value: object): value is AsyncIterable<Uint8Array> {
  return (
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/**
 * The base name of a path, with either separator.
 *
 * @param path A file path.
 * @returns The last part, or `undefined` when it is empty.
 */
function baseName(path: string): string | undefined {
  const base = path.split(/[/\\]/).at(-1);
  return base === undefined || base === '' ? undefined : base;
}

/** A Node `fs.ReadStream` (or anything like it) names its file in `path`. */
function pathName(value: object): string | undefined {
  const { path } = value as { path?: unknown };
  return typeof path === 'string' ? baseName(path) : undefined;
}

function oneShot(stream: ReadableStream<Uint8Array>, name: string | undefined): UploadSource {
  return { size: undefined, name, type: undefined, replayable: false, open: () => stream };
}

function blobSource(blob: Blob): UploadSource {
  const { name } = blob as { name?: unknown };
  return {
    size: blob.size,
    name: typeof name === 'string' && name !== '' ? name : undefined,
    type: blob.type === '' ? undefined : blob.type,
    replayable: true,
    open: () => blob.stream() as ReadableStream<Uint8Array>,
    blob: () => blob,
  };
}

/**
 * Makes the upload source of a `file` argument.
 *
 * @param file The caller's `file`.
 * @param openFile Opens a path; without it a path is refused (no file system here).
 * @returns The source.
 * @throws {InputValidationError} `file` is of no accepted kind, a locked stream, or a path
 *   without a file opener (`path` is `file`).
 */
export async function toUploadSource(
  file: unknown,
  openFile: FileOpener | undefined,
): Promise<UploadSource> {
  if (typeof file === 'string') {
    if (file === '')
      throw new InputValidationError('file must not be an empty path', { path: 'file' });
    if (openFile === undefined) {
      throw new InputValidationError(
        'file paths need a file system: use the Node entry of @residency/sdk, or pass a Blob, a ' +
          'Uint8Array or a stream',
        { path: 'file' },
      );
    }
    return openFile(file);
  }
  if (file instanceof Uint8Array) {
    return {
      size: file.byteLength,
      name: undefined,
      type: undefined,
      replayable: true,
      open: () => bytesStream(file),
    };
  }
  if (typeof Blob !== 'undefined' && file instanceof Blob) return blobSource(file);
  if (typeof ReadableStream !== 'undefined' && file instanceof ReadableStream) {
    if (file.locked) throw new InputValidationError('file is a locked stream', { path: 'file' });
    return oneShot(file, undefined);
  }
  if (typeof file === 'object' && file !== null && isAsyncIterable(file)) {
    return oneShot(iterableStream(file), pathName(file));
  }
  throw new InputValidationError(`file ${FILE_RULE}`, { path: 'file' });
}
