// Uploads from a file path, in Node: the size comes from `stat` (so a file over the limit fails
// before anything is sent), the content is read 64 KiB per pull, never ahead of the connection.

import { type FileHandle, open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputValidationError } from '@residency/errors';
import type { UploadSource } from './upload-source.ts';

const CHUNK_SIZE = 64 * 1024;

function fileStream(path: string): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  const close = async () => {
    const opened = handle;
    handle = undefined;
    await opened?.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          handle ??= await open(path, 'r');
          const buffer = new Uint8Array(CHUNK_SIZE);
          const { bytesRead } = await handle.read(buffer, 0, CHUNK_SIZE, null);
          if (bytesRead > 0) {
            controller.enqueue(buffer.subarray(0, bytesRead));
            return;
          }
          await close();
          controller.close();
        } catch (error) {
          await close().catch(() => undefined);
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

/**
 * Opens a file path for an upload: checks that it is a regular file and reads its size; the
 * file itself is opened when the upload starts (again for a retry), and closed at its end.
 *
 * @param path The path, relative to the working directory or absolute.
 * @returns The upload source; its name is the path's base name.
 * @throws {InputValidationError} The path cannot be read or is not a regular file (`path` is
 *   `file`; `cause` is the file system's error; the message names the error code, not the path).
 */
export async function openFile(path: string): Promise<UploadSource> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile())
      throw new InputValidationError('file must name a regular file', { path: 'file' });
    size = stats.size;
  } catch (error) {
    if (error instanceof InputValidationError) throw error;
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? ` (${code})` : '';
    throw new InputValidationError(`file could not be read${reason}`, {
      path: 'file',
      cause: error,
    });
  }
  return {
    size,
    name: basename(path),
    type: undefined,
    replayable: true,
    open: () => fileStream(path),
  };
}
