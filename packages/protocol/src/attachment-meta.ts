import * as v from 'valibot';
import { MAX_MEDIA_TYPE_LENGTH } from './media-type.ts';
import { wireObject } from './wire-issues.ts';
import { count, nonEmptyString, plainString, responseDate } from './wire-values.ts';

type AttachmentMetaShape = {
  file_id: string;
  filename: string;
  /** SHA-256 hex of the content. */
  hash: string;
  mime_type: string;
  /** Bytes. */
  size: number;
  created_at: string;
  updated_at: string;
  download_link: string;
};

/**
 * An attachment's metadata, as the server returns it on its own and in a record's
 * `attachments` (protocol.md §4.9): all eight keys required, as Node requires them;
 * `file_id` and `filename` non-empty strings; `hash`, `mime_type`, `download_link` strings;
 * `size` an integer ≥ 0; the dates ISO-8601 (`Z`, `+00:00` or no offset, read as UTC).
 * Lenient where Python is strict (an empty `mime_type`, a `hash` not 64 characters long).
 */
export const AttachmentMetaSchema: v.GenericSchema<AttachmentMetaShape> = wireObject(
  {
    file_id: nonEmptyString(),
    filename: nonEmptyString(),
    hash: plainString(),
    mime_type: plainString(),
    size: count(),
    created_at: responseDate(),
    updated_at: responseDate(),
    download_link: plainString(),
  },
  'an attachment meta object',
);

/** An attachment's metadata on the wire (snake_case, dates as ISO strings). */
export type WireAttachmentMeta = v.InferOutput<typeof AttachmentMetaSchema>;

type AttachmentMetaUpdateShape = {
  filename?: string | undefined;
  mime_type?: string | undefined;
};

const UPDATE_RULE = 'must name at least one of filename and mime_type';
const MIME_TEXT_RULE = `must be at most ${MAX_MEDIA_TYPE_LENGTH} characters without control characters`;

// Any text the InCountry platform stores (the official Node SDK's suite sets `123`), but never a
// control character (CR/LF would split a header) nor past the media-type length: a value that
// is no RFC 9110 media type is served as application/octet-stream by the server.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const isMimeTypeText = (value: string): boolean =>
  value.length <= MAX_MEDIA_TYPE_LENGTH && !CONTROL_CHARACTER.test(value);

/**
 * The body of `PATCH …/attachments/{file_id}/meta` (protocol.md §4.8): `filename` and
 * `mime_type`, each optional but a non-empty string when given, and at least one of them
 * (Python's rule; Node may send `{}`, which the server refuses as a request with nothing to do).
 * `mime_type` is any text of at most 255 characters without control characters, as the
 * platform takes it; only one in RFC 9110 `media-type` syntax (`isMediaType`) becomes a header.
 */
export const AttachmentMetaUpdateRequestSchema: v.GenericSchema<AttachmentMetaUpdateShape> = v.pipe(
  wireObject(
    {
      filename: v.optional(nonEmptyString()),
      mime_type: v.optional(v.pipe(nonEmptyString(), v.check(isMimeTypeText, MIME_TEXT_RULE))),
    },
    'an object with filename or mime_type',
  ),
  v.check((update) => update.filename !== undefined || update.mime_type !== undefined, UPDATE_RULE),
);

/** The body of an attachment meta update. */
export type AttachmentMetaUpdateRequest = v.InferOutput<typeof AttachmentMetaUpdateRequestSchema>;
