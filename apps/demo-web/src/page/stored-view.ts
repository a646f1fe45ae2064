// The "what the server holds" table: the newest records of the country exactly as the server
// stores them, read by the backend with its own token. Keys are SHA-256 hashes, the body is the
// SDK's ciphertext (`2:` + base64); attachments are shown as stored, which is as uploaded.
import type { StoredRecord } from './api.ts';
import { element } from './dom.ts';
import { formatSize, messageRow } from './results-table.ts';

function codeCell(text: string | null): HTMLTableCellElement {
  const cell = element('td');
  cell.append(element('code', text ?? 'null'));
  return cell;
}

function attachmentsCell(record: StoredRecord): HTMLTableCellElement {
  const names = record.attachments.map(
    (attachment) => `${attachment.filename} (${formatSize(attachment.size)})`,
  );
  return element('td', names.length === 0 ? 'none' : names.join(', '));
}

/**
 * Fills the stored-records table.
 *
 * @param body The table's `tbody`.
 * @param records The records as stored, newest first.
 */
export function renderStoredRecords(
  body: HTMLTableSectionElement,
  records: readonly StoredRecord[],
): void {
  if (records.length === 0) {
    body.replaceChildren(messageRow('The server holds no records in this country.', 4));
    return;
  }
  body.replaceChildren(
    ...records.map((record) => {
      const row = element('tr');
      row.append(
        codeCell(record.record_key),
        codeCell(record.key1),
        codeCell(record.body),
        attachmentsCell(record),
      );
      return row;
    }),
  );
}
