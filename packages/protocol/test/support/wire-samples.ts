// Valid wire bodies for the schema tests.

import type { WireRecord } from '../../src/index.ts';

/** A marker that must never show up in an error message. */
export const MARKER = 'MARKER-7f3a-do-not-print';

/** A hash-like key. */
export const HASH: string = 'a'.repeat(64);

/** An attachment meta object as our server sends it. */
export const ATTACHMENT: Readonly<{ [field: string]: string | number }> = Object.freeze({
  file_id: 'file-1',
  filename: 'scan.pdf',
  hash: 'b'.repeat(64),
  mime_type: 'application/pdf',
  size: 1024,
  created_at: '2021-07-26T15:34:28.910000+00:00',
  updated_at: '2021-07-26T15:34:28.910Z',
  download_link: 'https://pop.example/download/file-1',
});

/** A full server record (every field, nulls included), as §4.3 shows it. */
export function fullServerRecord(): WireRecord {
  const record: { [field: string]: unknown } = {
    record_key: HASH,
    body: '2:abc',
    precommit_body: null,
    version: 0,
    is_encrypted: true,
    created_at: '2021-07-26T15:34:28.910000+00:00',
    updated_at: '2021-07-26T15:34:28.910000+00:00',
    expires_at: null,
    profile_key: null,
    parent_key: null,
    attachments: [ATTACHMENT],
  };
  for (let index = 1; index <= 5; index++) record[`service_key${index}`] = null;
  for (let index = 1; index <= 20; index++) record[`key${index}`] = null;
  for (let index = 1; index <= 10; index++) record[`range_key${index}`] = null;
  return record as WireRecord;
}
