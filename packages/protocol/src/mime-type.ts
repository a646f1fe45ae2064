// The MIME type of an attachment whose upload names none (protocol.md §4.8): the type a
// maintained database gives the file name's extension. The SDK sends it as the part's
// Content-Type, as the Node SDK's `form-data` does, and the server stores it for a part that
// has none, as the platform does for the Python SDK (which sends no Content-Type). One function
// on both sides, so they can never disagree.
//
// The database is `mime` 4 (mime-db's types, standard and vendor: `.docx`, `.xlsx` and `.apk`
// are vendor types, so `mime/lite` would give them none): no dependencies and no Node
// built-ins, so the SDK's default entry stays runnable in browsers and workers.

import mime from 'mime';

/** The type of a file whose name gives none: unknown or no extension. */
export const DEFAULT_MIME_TYPE = 'application/octet-stream';

/**
 * Where the database differs from what the official SDKs' integration suites expect of the
 * platform (Python's `mimetypes`, run unchanged against a server). Keys are lowercase
 * extensions without the dot.
 */
const OVERRIDES: ReadonlyMap<string, string> = new Map([
  // mime-db has no `.py`; Python's `mimetypes` and the Python SDK 3.3 suite say text/x-python.
  ['py', 'text/x-python'],
]);

/**
 * The extension of a file name as Python's `os.path.splitext` sees it: after the last dot of
 * the base name (either separator), unless only dots come before it, so `.bashrc` and `..txt`
 * have none.
 *
 * @param fileName The file name, or a path.
 * @returns The extension, lowercase and without the dot; `undefined` when there is none.
 */
function extensionOf(fileName: string): string | undefined {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot === -1 || /^\.*$/.test(base.slice(0, dot))) return undefined;
  const extension = base.slice(dot + 1).toLowerCase();
  return extension === '' ? undefined : extension;
}

/**
 * Gives the MIME type of a file by its name's extension, case-insensitively, from mime-db
 * (through `mime` 4), with a few overrides where the official SDKs' suites expect another type
 * (`.py` is `text/x-python`).
 *
 * @param fileName The file name (any Unicode), or a path: only the base name counts.
 * @returns The type, e.g. `text/plain` for `Naïve file.txt`; `application/octet-stream` for an
 *   unknown extension, no extension, or a dotfile such as `.bashrc`.
 * @example
 * ```ts
 * mimeTypeForFileName('report.PDF'); // → 'application/pdf'
 * mimeTypeForFileName('script.py'); // → 'text/x-python'
 * mimeTypeForFileName('README'); // → 'application/octet-stream'
 * ```
 */
export function mimeTypeForFileName(fileName: string): string {
  const extension = extensionOf(fileName);
  if (extension === undefined) return DEFAULT_MIME_TYPE;
  return OVERRIDES.get(extension) ?? mime.getType(extension) ?? DEFAULT_MIME_TYPE;
}
