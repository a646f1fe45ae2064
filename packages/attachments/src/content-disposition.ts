// File names in `Content-Disposition` (RFC 6266, RFC 8187): how an upload part names its file,
// and how a download's file name is read back, Unicode intact.

/** The file name used when none is given or none can be read (the seed's default). */
export const DEFAULT_FILE_NAME = 'file';

/** RFC 8187 `attr-char`s beyond `A-Z a-z 0-9`; `encodeURIComponent` also leaves `'()*` alone. */
const NOT_ATTR_CHAR = /['()*]/g;

/**
 * Percent-encodes a file name for `filename*=UTF-8''…` (RFC 8187 §3.2.1): UTF-8 bytes, every
 * octet outside `attr-char` escaped.
 *
 * @param fileName The name.
 * @returns The encoded value.
 */
export function encodeExtendedValue(fileName: string): string {
  return encodeURIComponent(fileName).replace(
    NOT_ATTR_CHAR,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The ASCII fallback of a file name for the plain `filename="…"` parameter, for servers that do
 * not read `filename*`: printable ASCII kept, anything else (non-ASCII, control characters, `"`
 * and `\`, which would need escaping that parsers disagree on) replaced by `_`.
 *
 * @param fileName The name.
 * @returns The fallback, as long as the name in code points.
 */
export function asciiFallback(fileName: string): string {
  let fallback = '';
  for (const character of fileName) {
    const code = character.codePointAt(0) as number;
    const printable = code >= 0x20 && code <= 0x7e && character !== '"' && character !== '\\';
    fallback += printable ? character : '_';
  }
  return fallback;
}

/**
 * The `Content-Disposition` of the multipart part that carries an upload (protocol.md §4.8): the
 * field `file`, an ASCII `filename` fallback and the exact name as `filename*=UTF-8''…`.
 *
 * @param fileName The name to send.
 * @returns e.g. `form-data; name="file"; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`.
 */
export function formDataDisposition(fileName: string): string {
  const fallback = asciiFallback(fileName);
  return `form-data; name="file"; filename="${fallback}"; filename*=UTF-8''${encodeExtendedValue(fileName)}`;
}

/** Splits header parameters on `;` outside quoted strings, as `name=value` pairs. */
function parameters(header: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const match of header.matchAll(pattern)) {
    const name = (match[1] as string).toLowerCase();
    const raw = (match[2] as string).trim();
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (!found.has(name)) found.set(name, value);
  }
  return found;
}

function decodeLatin1(encoded: string): string {
  return encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Decodes `charset'language'value` (RFC 8187); `undefined` for another charset or bad escapes. */
function decodeExtended(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (match === null) return undefined;
  const charset = (match[1] as string).toLowerCase();
  const encoded = match[2] as string;
  try {
    if (charset === 'utf-8') return decodeURIComponent(encoded);
    if (charset === 'iso-8859-1') return decodeLatin1(encoded);
  } catch {
    // A malformed escape: fall back to the plain parameter.
  }
  return undefined;
}

/**
 * Keeps a file name safe to use as one: the part after the last `/` or `\` (a server-given
 * name must not walk out of the caller's folder), control characters dropped.
 */
function safeName(name: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const base = (name.split(/[/\\]/).at(-1) ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base === '' || base === '.' || base === '..' ? undefined : base;
}

/**
 * Reads a download's file name from its `Content-Disposition` (protocol.md §4.8):
 * `filename*=UTF-8''…` first (percent-decoded, Unicode intact; ISO-8859-1 also read), else a
 * plain `filename="…"` or `filename=…`, else `file`. Only the base name is kept, without
 * control characters, so the result is safe to join to a folder.
 *
 * @param header The header value, or `null` when absent.
 * @returns The file name.
 * @example
 * ```ts
 * fileNameFromDisposition("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"); // 'résumé.pdf'
 * ```
 */
export function fileNameFromDisposition(header: string | null): string {
  if (header === null) return DEFAULT_FILE_NAME;
  const found = parameters(`;${header}`);
  const extended = found.get('filename*');
  const decoded = extended === undefined ? undefined : decodeExtended(extended);
  const candidates = [decoded, found.get('filename')];
  for (const candidate of candidates) {
    const name = candidate === undefined ? undefined : safeName(candidate);
    if (name !== undefined) return name;
  }
  return DEFAULT_FILE_NAME;
}
