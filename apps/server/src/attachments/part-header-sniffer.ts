// busboy reports a part without a Content-Type as `text/plain` (RFC 7578's default), but the
// storage API types such an attachment by its filename's extension, else
// `application/octet-stream` (protocol.md §4.8: Python sends no part Content-Type unless the
// caller gives `mime_type`). So the first bytes of the body — a copy of at most 16 KiB, never
// the file — are kept to look at the `file` part's own headers.

import { Transform, type TransformCallback } from 'node:stream';

/** How much of the body's start is kept to find the `file` part's headers. */
const SNIFF_LIMIT = 16 * 1024;

/** A pass-through stream that remembers the start of a multipart body. */
export class PartHeaderSniffer extends Transform {
  readonly #boundary: string;
  readonly #chunks: Buffer[] = [];
  #kept = 0;

  /**
   * @param boundary The multipart boundary from the request's Content-Type.
   */
  constructor(boundary: string) {
    super();
    this.#boundary = boundary;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#kept < SNIFF_LIMIT) {
      const part = chunk.subarray(0, SNIFF_LIMIT - this.#kept);
      this.#chunks.push(Buffer.from(part));
      this.#kept += part.length;
    }
    callback(null, chunk);
  }

  /**
   * Tells whether the first part named `name` declared a Content-Type.
   *
   * @param name The part name, e.g. `file`.
   * @returns `true` or `false`, or `undefined` when its headers were not among the bytes kept.
   */
  declaresContentType(name: string): boolean | undefined {
    const text = Buffer.concat(this.#chunks).toString('latin1');
    const parts = text.split(`--${this.#boundary}`).slice(1);
    for (const part of parts) {
      const end = part.indexOf('\r\n\r\n');
      if (end === -1) return undefined;
      const headers = part.slice(0, end);
      if (partName(headers) === name) return /^content-type[ \t]*:/im.test(headers);
    }
    return undefined;
  }
}

function partName(headers: string): string | undefined {
  const disposition = /^content-disposition[ \t]*:([^\r\n]*)/im.exec(headers)?.[1];
  if (disposition === undefined) return undefined;
  const match = /;\s*name\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(disposition);
  return match?.[1] ?? match?.[2];
}

/**
 * Reads the boundary of a multipart Content-Type.
 *
 * @param contentType The header value.
 * @returns The boundary, or `undefined` when there is none.
 */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}
