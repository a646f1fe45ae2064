import { ATTACHMENT_META_PATH, ATTACHMENTS_PATH, RECORDS_PREFIX } from '@residency/protocol';
import type { RecordPath } from '@residency/storage/internal';

/** A request path below a record, and the label logs show in SSE mode, where the path holds the raw key. */
export interface AttachmentPath {
  readonly path: string;
  readonly pathLabel?: string;
}

/**
 * The path of an attachment call (protocol.md §4.8): `/<record>/attachments[/<file id>[/meta]]`.
 *
 * @param record The record's path (hashed key; raw in SSE mode, with a label).
 * @param fileId The file id, URL-encoded here; none for the upload path.
 * @param meta `true` for `…/meta`.
 * @returns The path, and its label when the record's path has one.
 */
export function attachmentPath(record: RecordPath, fileId?: string, meta = false): AttachmentPath {
  const file = fileId === undefined ? '' : `/${encodeURIComponent(fileId)}`;
  const suffix = `${ATTACHMENTS_PATH}${file}${meta ? ATTACHMENT_META_PATH : ''}`;
  const path = `${record.path}${suffix}`;
  return record.pathLabel === undefined
    ? { path }
    : { path, pathLabel: `${record.pathLabel}${suffix}` };
}

/**
 * Names a call for error messages: method and path below the host, the record key hidden in SSE
 * mode.
 *
 * @param method The HTTP method.
 * @param country The validated country code.
 * @param path The attachment path.
 * @returns e.g. `GET /v2/storage/records/us/<hash>/attachments/f-1`.
 */
export function describeAttachmentCall(
  method: string,
  country: string,
  path: AttachmentPath,
): string {
  return `${method} ${RECORDS_PREFIX}/${country}${path.pathLabel ?? path.path}`;
}
