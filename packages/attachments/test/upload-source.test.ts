// Every kind of `file` an upload accepts, and what each tells before anything is read.
import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InputValidationError } from '@residency/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { openFile } from '../src/open-file.node.ts';
import { iterableStream, toUploadSource } from '../src/upload-source.ts';
import { bytesOf, countedStream } from './support/harness.ts';
import { makeTempFolder } from './support/temp-folders.ts';

const decoder = new TextDecoder();
const folder = makeTempFolder('upload-source');
const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('toUploadSource', () => {
  it('knows the size of bytes and slices them without copying', async () => {
    const bytes = new Uint8Array(200_000).fill(7);
    const source = await toUploadSource(bytes, undefined);

    expect(source).toMatchObject({
      size: 200_000,
      name: undefined,
      type: undefined,
      replayable: true,
    });
    const reader = source.open().getReader();
    const first = (await reader.read()).value as Uint8Array;
    expect(first.byteLength).toBe(64 * 1024);
    expect(first.buffer).toBe(bytes.buffer);
    expect((await bytesOf(source.open())).byteLength).toBe(200_000);
  });

  it('takes the size, name and type of a File', async () => {
    const file = new File(['abc'], 'notes.txt', { type: 'text/plain' });
    const source = await toUploadSource(file, undefined);

    expect(source).toMatchObject({
      size: 3,
      name: 'notes.txt',
      type: 'text/plain',
      replayable: true,
    });
    expect(decoder.decode(await bytesOf(source.open()))).toBe('abc');
  });

  it('leaves name and type out for a bare Blob', async () => {
    expect(await toUploadSource(new Blob(['x']), undefined)).toMatchObject({
      name: undefined,
      type: undefined,
    });
  });

  it('reads a web stream once, size unknown', async () => {
    const { stream } = countedStream(3, 2);
    const source = await toUploadSource(stream, undefined);

    expect(source).toMatchObject({ size: undefined, replayable: false });
    expect(source.open()).toBe(stream);
  });

  it('reads a Node Readable as an async iterable, named after its file', async () => {
    const path = join(folder, 'from-stream.bin');
    writeFileSync(path, 'node readable');
    const source = await toUploadSource(createReadStream(path), undefined);

    expect(source).toMatchObject({ size: undefined, name: 'from-stream.bin', replayable: false });
    expect(decoder.decode(await bytesOf(source.open()))).toBe('node readable');
  });

  it('asks an iterable for one chunk per pull and lets it clean up on cancel', async () => {
    let produced = 0;
    let returned = false;
    const iterable: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          produced += 1;
          return { done: false, value: new Uint8Array([produced]) };
        },
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const reader = iterableStream(iterable).getReader();

    await reader.read();
    await reader.read();
    expect(produced).toBe(2);
    await reader.cancel();
    expect(returned).toBe(true);
  });

  it('converts a Readable from bytes too', async () => {
    const source = await toUploadSource(
      Readable.from([new Uint8Array([1, 2]), new Uint8Array([3])]),
      undefined,
    );
    expect(await bytesOf(source.open())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses a locked stream, an empty path and anything else', async () => {
    const { stream } = countedStream(1, 1);
    stream.getReader();
    for (const [file, message] of [
      [stream, 'file is a locked stream'],
      ['', 'file must not be an empty path'],
      [42, 'file must be a Blob, a Uint8Array, a ReadableStream'],
      [{ not: 'a file' }, 'file must be a Blob'],
      [null, 'file must be a Blob'],
    ] as const) {
      const error = await settle(toUploadSource(file, undefined));
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).toContain(message);
    }
  });

  it('refuses a path without a file system, and uses the opener given', async () => {
    const error = await settle(toUploadSource('./file.txt', undefined));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toMatch(/^file paths need a file system/);

    const opened: string[] = [];
    const source = await toUploadSource('./file.txt', async (path) => {
      opened.push(path);
      return {
        size: 0,
        name: 'file.txt',
        type: undefined,
        replayable: true,
        open: () => new Blob([]).stream(),
      };
    });
    expect(opened).toEqual(['./file.txt']);
    expect(source.name).toBe('file.txt');
  });
});

describe('openFile (Node)', () => {
  it('stats the file, names it, and reads it in 64 KiB chunks each time it is opened', async () => {
    const path = join(folder, 'big.bin');
    const content = new Uint8Array(150_000).map((_, index) => index % 251);
    writeFileSync(path, content);

    const source = await openFile(path);
    expect(source).toMatchObject({ size: 150_000, name: 'big.bin', replayable: true });
    const reader = source.open().getReader();
    expect((await reader.read()).value?.byteLength).toBe(64 * 1024);
    await reader.cancel();
    expect(await bytesOf(source.open())).toEqual(content);
  });

  it('refuses a missing file or a folder, naming the error code but not the path', async () => {
    const missing = await settle(openFile(join(folder, 'secret-name-missing.txt')));
    expect(missing).toBeInstanceOf(InputValidationError);
    expect((missing as Error).message).toBe('file could not be read (ENOENT)');

    const directory = await settle(openFile(folder));
    expect((directory as Error).message).toBe('file must name a regular file');
  });
});
