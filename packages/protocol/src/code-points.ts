// String limits of the contract count characters as Python's `len` does, so the SDK, the
// server and the Python SDK agree on what 256 characters are (an emoji is one, not two).

/**
 * Counts the characters of a string as Python's `len` does (code points), so a limit of 256
 * means what it means to the Python SDK.
 *
 * @param text The string.
 * @returns Its number of code points.
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
