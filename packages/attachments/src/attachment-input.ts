// The arguments of the attachment methods, checked before any request. Every message names the
// argument and the rule, never the value (a file name may be personal data).

import { isMediaType, isPlainObject, wellFormedText } from '@residency/protocol';
import { parseInput, strictObjectMessage } from '@residency/storage/internal';
import * as v from 'valibot';

/** The options of `addAttachment`. */
export interface AddAttachmentOptions {
  /**
   * The attachment's file name; default the `File`'s name, the path's base name (Node), else
   * `file`. Any well-formed Unicode (no lone surrogate): sent as `filename*=UTF-8''…` with an
   * ASCII fallback.
   */
  readonly fileName?: string | undefined;
  /**
   * The MIME type, e.g. `application/pdf`; default the `Blob`'s type, else the type of the file
   * name's extension (`.txt` → `text/plain`, `.py` → `text/x-python`), else
   * `application/octet-stream`.
   */
  readonly mimeType?: string | undefined;
  /** `true` replaces the record's attachment of the same file name (`PUT`); default adds (`POST`). */
  readonly upsert?: boolean | undefined;
}

/** The changes of `updateAttachmentMeta`: at least one of them. */
export interface AttachmentMetaUpdate {
  /** The new file name. */
  readonly fileName?: string | undefined;
  /** The new MIME type. */
  readonly mimeType?: string | undefined;
}

const NAME_RULE = 'must be a non-empty string';
const MIME_RULE =
  'must be a MIME type such as text/plain (RFC 9110 media-type, at most 255 characters)';
const BOOLEAN_RULE = 'must be a boolean';
const FILE_ID_RULE = 'must be a non-empty string';
const UPDATE_RULE = 'must name at least one of fileName and mimeType';

// Names and types go into multipart headers and JSON: a lone surrogate has no UTF-8 form.
const fileNameSchema = () =>
  v.optional(v.pipe(v.string(NAME_RULE), v.minLength(1, NAME_RULE), wellFormedText()));
const mimeTypeSchema = () =>
  v.optional(v.pipe(v.string(MIME_RULE), v.check(isMediaType, MIME_RULE), wellFormedText()));

const plainObject = (shape: string) =>
  v.custom<Record<string, unknown>>(isPlainObject, `must be ${shape}`);

const ADD_SHAPE = 'an object with fileName, mimeType or upsert';
const AddOptionsSchema = v.pipe(
  plainObject(ADD_SHAPE),
  v.strictObject(
    {
      fileName: fileNameSchema(),
      mimeType: mimeTypeSchema(),
      upsert: v.optional(v.boolean(BOOLEAN_RULE)),
    },
    strictObjectMessage(ADD_SHAPE, () => 'is not an addAttachment option'),
  ),
);

const UPDATE_SHAPE = 'an object with fileName or mimeType';
const MetaUpdateSchema = v.pipe(
  plainObject(UPDATE_SHAPE),
  v.strictObject(
    { fileName: fileNameSchema(), mimeType: mimeTypeSchema() },
    strictObjectMessage(UPDATE_SHAPE, () => 'is not an attachment meta field'),
  ),
  v.check((update) => update.fileName !== undefined || update.mimeType !== undefined, UPDATE_RULE),
);

const FileIdSchema = v.pipe(v.string(FILE_ID_RULE), v.minLength(1, FILE_ID_RULE), wellFormedText());

/**
 * Checks `addAttachment`'s options.
 *
 * @param options The caller's options; `undefined` for none.
 * @returns The options.
 * @throws {InputValidationError} Not an object, an unknown option, an empty `fileName`, a
 *   `mimeType` that is no MIME type, or a non-boolean `upsert`.
 */
export function parseAddOptions(options: unknown): AddAttachmentOptions {
  if (options === undefined) return {};
  return parseInput(AddOptionsSchema, options, 'options');
}

/**
 * Checks `updateAttachmentMeta`'s changes and builds the wire body (protocol.md §4.8): only the
 * given fields, at least one.
 *
 * @param update The caller's changes.
 * @returns `{ filename?, mime_type? }`.
 * @throws {InputValidationError} Not an object, an unknown field, a bad value, or no field.
 */
export function parseMetaUpdate(update: unknown): { filename?: string; mime_type?: string } {
  const parsed = parseInput(MetaUpdateSchema, update, 'meta');
  return {
    ...(parsed.fileName === undefined ? {} : { filename: parsed.fileName }),
    ...(parsed.mimeType === undefined ? {} : { mime_type: parsed.mimeType }),
  };
}

/**
 * Checks a file id.
 *
 * @param fileId The caller's `fileId`.
 * @returns It, for the path.
 * @throws {InputValidationError} Not a non-empty string.
 */
export function parseFileId(fileId: unknown): string {
  return parseInput(FileIdSchema, fileId, 'fileId');
}
