// Downloads name the file the way both SDKs parse it (protocol.md §4.8): Node's regex needs a
// space before `filename*=` and decodes with `decodeURIComponent`; Python percent-decodes after
// stripping quotes. RFC 5987 also excludes `'`, `(`, `)` and `*` from bare characters, and a
// bare `'` would lose its meaning to Python's quote stripping, so those are encoded too.

/**
 * Builds the Content-Disposition of a download.
 *
 * @param filename The attachment's filename (any Unicode).
 * @returns `attachment; filename*=UTF-8''<percent-encoded name>`.
 */
export function attachmentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}
