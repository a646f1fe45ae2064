// A download's content as the caller gets it: the response body, passed through chunk by chunk,
// with a failure while reading (connection lost, abort) turned into our error tree.

import { StorageNetworkError } from '@residency/errors';

/**
 * Wraps a response body so that a read failure becomes a `StorageNetworkError` naming the call
 * (an abort: "… was aborted", `cause` the signal's reason; else `cause` the failure). Nothing is
 * read ahead of the caller.
 *
 * @param body The response body; `null` gives an empty stream.
 * @param description The call, for messages, e.g. `GET /v2/storage/records/us/…`.
 * @param signal The caller's signal, to tell an abort from a broken connection.
 * @returns The stream the caller reads.
 */
export function downloadStream(
  body: ReadableStream<Uint8Array> | null,
  description: string,
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  if (body === null)
    return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          // Not every fetch errors the body on abort (mocks do not): check before each read.
          signal?.throwIfAborted();
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          reader.cancel(error).catch(() => undefined);
          controller.error(readError(error, description, signal));
        }
      },
      cancel(reason) {
        // Not awaited: some bodies settle a cancel only once the peer has finished sending.
        reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

function readError(error: unknown, description: string, signal: AbortSignal | undefined): Error {
  if (signal?.aborted === true) {
    return new StorageNetworkError(`${description} was aborted`, { cause: signal.reason });
  }
  return new StorageNetworkError(`${description} failed while reading the file`, { cause: error });
}

/**
 * Reads a whole attachment into memory: for small files. Large ones are best streamed (to a
 * file: `toNodeReadable` in Node, `new Response(file)` in a service worker).
 *
 * @param file The `file` of `getAttachmentFile`.
 * @returns The bytes.
 * @throws {StorageNetworkError} The download failed or was aborted.
 * @example
 * ```ts
 * const { attachmentData } = await storage.getAttachmentFile('de', 'user-1', fileId);
 * const bytes = await readAttachmentBytes(attachmentData.file);
 * ```
 */
export async function readAttachmentBytes(file: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = file.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
