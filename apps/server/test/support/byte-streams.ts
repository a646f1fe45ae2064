import { createHash, type Hash, randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';

const MIB = 1024 * 1024;

/**
 * Deterministic pseudo-random bytes, produced piece by piece (never held whole).
 * @param size How many bytes in all.
 * @param pieceSize How many bytes per piece (the last may be shorter).
 * @param seed Picks the byte sequence.
 * @returns The pieces.
 */
export async function* pseudoRandomBytes(
  size: number,
  pieceSize: number,
  seed = 1,
): AsyncGenerator<Uint8Array> {
  let state = seed >>> 0 || 1;
  for (let offset = 0; offset < size; offset += pieceSize) {
    const piece = new Uint8Array(Math.min(pieceSize, size - offset));
    for (let index = 0; index < piece.length; index++) {
      // xorshift32: cheap, and any change of a byte changes the hash.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      piece[index] = state & 0xff;
    }
    yield piece;
  }
}

/**
 * Random bytes, a MiB at a time, each piece added to `hash` as it is produced (never held whole).
 * @param size How many bytes in all.
 * @param hash Updated with every piece.
 * @returns The pieces.
 */
export async function* randomPieces(size: number, hash: Hash): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < size; offset += MIB) {
    const piece = randomFillSync(new Uint8Array(Math.min(MIB, size - offset)));
    hash.update(piece);
    yield piece;
  }
}

/**
 * Writes `size` random bytes to a file, a MiB at a time.
 * @param path The file (created or replaced).
 * @param size How many bytes.
 * @returns Their SHA-256 (hex).
 */
export async function writeRandomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'w');
  try {
    for await (const piece of randomPieces(size, hash)) await handle.write(piece);
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * Reads a stream to its end, hashing and counting.
 * @param pieces The stream.
 * @returns The SHA-256 (hex) and the byte count.
 */
export async function digest(
  pieces: AsyncIterable<Uint8Array>,
): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of pieces) {
    hash.update(piece);
    size += piece.byteLength;
  }
  return { hash: hash.digest('hex'), size };
}

/**
 * A stream of one piece.
 * @param text The content, as UTF-8.
 * @returns The stream.
 */
export async function* textBytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/**
 * The content of a download that must exist.
 * @param download What readAttachment returned.
 * @returns Its content.
 * @throws Error when the download is null.
 */
export function contentOf(
  download: { readonly content: AsyncIterable<Uint8Array> } | null,
): AsyncIterable<Uint8Array> {
  if (download === null) throw new Error('expected an attachment, found none');
  return download.content;
}
