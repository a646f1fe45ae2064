// The store hands attachment content out as an async iterable of chunks; a Response wants a web
// ReadableStream. Pulling one chunk per read keeps memory flat and lets a slow client slow the
// database reads down instead of piling chunks up.

/**
 * Wraps an async iterable of chunks as a web stream.
 *
 * @param chunks The chunks, read lazily.
 * @param onError Told when reading fails mid-stream (the response is cut short then).
 * @returns The stream; cancelling it ends the iteration.
 */
export function iterableToWebStream(
  chunks: AsyncIterable<Uint8Array>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
