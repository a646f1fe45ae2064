import { Readable } from 'node:stream';

async function* chunksOf(file: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = file.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // The Readable was destroyed early (or the download failed): free the connection. Not
    // awaited: some bodies settle a cancel only once the peer has finished sending.
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Adapts a downloaded attachment to a Node `Readable`, to `pipeline` it into a file or an HTTP
 * response. One chunk is read per chunk the consumer takes: backpressure holds.
 *
 * @param file The `file` of `getAttachmentFile`.
 * @returns The Readable; destroying it cancels the download.
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { pipeline } from 'node:stream/promises';
 *
 * const { attachmentData } = await storage.getAttachmentFile('de', 'user-1', fileId);
 * await pipeline(toNodeReadable(attachmentData.file), createWriteStream(attachmentData.filename));
 * ```
 */
export function toNodeReadable(file: ReadableStream<Uint8Array>): Readable {
  return Readable.from(chunksOf(file), { objectMode: false });
}
