// The "what you see" table: the people found, decrypted in this page, each with a download
// button per attachment. Everything is set as text, so a stored value can never become markup.
import type { AttachmentMeta } from '@residency/sdk';
import { element } from './dom.ts';
import type { PersonRow } from './people.ts';

/** Called when a download button is pressed. */
export type DownloadHandler = (row: PersonRow, attachment: AttachmentMeta) => void;

/**
 * Formats a size for people.
 *
 * @param bytes The size in bytes.
 * @returns e.g. `12 bytes`, `3.4 kB`, `1.2 MB`.
 */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * A table row with one cell across every column, for "nothing here" messages.
 *
 * @param text The message.
 * @param columns How many columns the table has.
 * @returns The row.
 */
export function messageRow(text: string, columns: number): HTMLTableRowElement {
  const row = element('tr');
  const cell = element('td', text);
  cell.colSpan = columns;
  row.append(cell);
  return row;
}

function attachmentsCell(row: PersonRow, onDownload: DownloadHandler): HTMLTableCellElement {
  const cell = element('td');
  if (row.attachments.length === 0) {
    cell.textContent = 'none';
    return cell;
  }
  const list = element('ul');
  for (const attachment of row.attachments) {
    const button = element('button', `Download ${attachment.filename}`);
    button.type = 'button';
    button.setAttribute(
      'aria-label',
      `Download ${attachment.filename} (${formatSize(attachment.size)}) of ${row.person.name}`,
    );
    button.addEventListener('click', () => onDownload(row, attachment));
    const item = element('li');
    item.append(button, ` ${formatSize(attachment.size)}`);
    list.append(item);
  }
  cell.append(list);
  return cell;
}

/**
 * Fills the results table.
 *
 * @param body The table's `tbody`.
 * @param rows The people found.
 * @param onDownload Called by the download buttons.
 */
export function renderResults(
  body: HTMLTableSectionElement,
  rows: readonly PersonRow[],
  onDownload: DownloadHandler,
): void {
  if (rows.length === 0) {
    body.replaceChildren(messageRow('No one found.', 5));
    return;
  }
  body.replaceChildren(
    ...rows.map((row) => {
      const tableRow = element('tr');
      const name = element('th', row.person.name);
      name.scope = 'row';
      const email = element('td', row.person.email);
      email.className = 'breakable';
      tableRow.append(
        name,
        email,
        element('td', row.person.city),
        element('td', row.person.note),
        attachmentsCell(row, onDownload),
      );
      return tableRow;
    }),
  );
}
