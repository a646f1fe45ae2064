// The human view of records (`read`, `find` without `--json`): one `field: value` line per
// field that has a value, named as the SDK names them (camelCase), the body last and as it is,
// one line per attachment. `--json` prints the full records instead.
import type { AttachmentMeta, Record } from '@residency/sdk';
import { stringifyJson } from '@residency/sdk';

/** How a value reads on a line: strings as they are, dates in ISO-8601, integers in digits. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  // A field this view does not know (a newer SDK): its JSON, never dropped.
  return stringifyJson(value);
}

/** What an operator needs to `download` or `detach` it: the id first. */
function attachmentLine(meta: AttachmentMeta): string {
  return `attachment: ${meta.fileId} ${meta.filename} (${meta.size} bytes, ${meta.mimeType})`;
}

/**
 * Formats one record as a block of lines: only the fields that are not `null`, `body` last
 * (it may span lines; printed as it is), then one `attachment:` line per attachment.
 *
 * @param record The record as the SDK returns it.
 * @returns The lines, joined by newlines, without a trailing newline.
 */
export function recordText(record: Record): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === null || value === undefined || name === 'body' || name === 'attachments') {
      continue;
    }
    lines.push(`${name}: ${valueText(value)}`);
  }
  if (record.body !== null) lines.push(`body: ${record.body}`);
  lines.push(...record.attachments.map(attachmentLine));
  return lines.join('\n');
}

/**
 * Formats records as blocks separated by a blank line.
 *
 * @param records The records.
 * @returns The text, `''` for none.
 */
export function recordsText(records: readonly Record[]): string {
  return records.map(recordText).join('\n\n');
}

/**
 * The count line of `find`: `2 records`, `1 record`, or `10 of 25 records` when the page holds
 * fewer than all matches (`--offset` pages on).
 *
 * @param count The records on this page.
 * @param total Every matching record.
 * @returns The line, without a newline.
 */
export function countText(count: number, total: number): string {
  const noun = total === 1 ? 'record' : 'records';
  return count === total ? `${count} ${noun}` : `${count} of ${total} ${noun}`;
}
