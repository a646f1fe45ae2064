const LEADING_OR_TRAILING_SLASHES = /^\/+|\/+$/g;
const TRAILING_SLASHES = /\/+$/;

/**
 * Joins a host and path parts with single slashes, trimming the slashes around each part as
 * Python's `get_request_url` does, so a trailing slash on `endpoint` is harmless
 * (protocol.md §1.3 step 4). Empty parts are skipped: no trailing slash is added.
 *
 * @param host The base URL, e.g. `https://us-mt-01.api.incountry.io/`.
 * @param parts Path parts, e.g. `/v2/storage/records/us`, `/find`.
 * @returns The joined URL.
 */
export function joinUrl(host: string, ...parts: string[]): string {
  const trimmed = parts
    .map((part) => part.replace(LEADING_OR_TRAILING_SLASHES, ''))
    .filter((part) => part !== '');
  return [host.replace(TRAILING_SLASHES, ''), ...trimmed].join('/');
}

/**
 * Adds query parameters to a URL.
 *
 * @param url The URL.
 * @param searchParams The parameters; none leaves the URL as it is.
 * @returns The URL with the parameters appended.
 */
export function withSearchParams(url: string, searchParams?: Record<string, string>): string {
  if (searchParams === undefined || Object.keys(searchParams).length === 0) return url;
  const result = new URL(url);
  for (const [name, value] of Object.entries(searchParams)) result.searchParams.append(name, value);
  return result.href;
}
