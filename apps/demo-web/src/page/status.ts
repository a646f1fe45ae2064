// Status lines: each section has one `role="status"` paragraph (aria-live polite), so a screen
// reader announces what a button did without moving the focus.

/** How a status line reads: a plain report, work under way, or a failure. */
export type StatusKind = 'info' | 'busy' | 'error';

/**
 * Shows a message in a status line.
 *
 * @param element The section's status paragraph.
 * @param message The text (set as text, never as markup).
 * @param kind How it reads; an error is styled as one.
 */
export function showStatus(element: HTMLElement, message: string, kind: StatusKind = 'info'): void {
  element.textContent = message;
  element.dataset.kind = kind;
}

/**
 * Describes a failure for a status line. SDK errors carry their class name and a message that
 * never contains a body, key, secret or token, so both can be shown as they are.
 *
 * @param error What was thrown.
 * @returns e.g. `StorageServerError: … (status 404)`.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'Something failed.';
  return `${error.name}: ${error.message}`;
}
