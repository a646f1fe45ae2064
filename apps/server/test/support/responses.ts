// Assertions every route test shares: the error body shape and the wire date format.

import { expect } from 'vitest';

/** A wire date as the server emits it: `+00:00`, 3 or 6 fraction digits, never `Z`. */
export const WIRE_DATE: RegExp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(\d{3}|\d{6})\+00:00$/;

/** One entry of an error body. */
export interface ErrorEntry {
  readonly title: string;
  readonly source: string;
  readonly detail: string;
}

/**
 * Checks a response is an error with the given status and the errors body, and returns its entries.
 *
 * @param response The response.
 * @param status The expected status.
 * @returns The entries.
 */
export async function expectErrors(response: Response, status: number): Promise<ErrorEntry[]> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = (await response.json()) as { errors: ErrorEntry[] };
  expect(Object.keys(body)).toEqual(['errors']);
  expect(body.errors.length).toBeGreaterThan(0);
  for (const entry of body.errors) {
    expect(Object.keys(entry)).toEqual(['title', 'source', 'detail']);
    expect(typeof entry.title).toBe('string');
    expect(typeof entry.source).toBe('string');
    expect(typeof entry.detail).toBe('string');
  }
  return body.errors;
}
