// Attachment metadata as the server sends it (protocol.md §4.9), for the attachment tests.

import type { WireAttachmentMeta } from '@residency/protocol';

/** An attachment's metadata on the wire: snake_case, ISO dates (`@residency/protocol`'s shape). */
export type AttachmentMetaBody = WireAttachmentMeta;

/**
 * Builds a valid attachment meta body, dates in the server's `+00:00` form.
 *
 * @param overrides Fields to replace.
 * @returns The body, ready for `Response.json`.
 */
export function attachmentMetaBody(
  overrides: Partial<AttachmentMetaBody> = {},
): AttachmentMetaBody {
  return {
    file_id: 'file-1',
    filename: 'report.pdf',
    hash: 'a'.repeat(64),
    mime_type: 'application/pdf',
    size: 3,
    created_at: '2024-05-01T12:00:00.000+00:00',
    updated_at: '2024-05-01T12:30:00.000+00:00',
    download_link: 'https://pop.test/v2/storage/records/us/key/attachments/file-1',
    ...overrides,
  };
}
