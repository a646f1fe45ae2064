// A driver's error can quote the connection string it was given; what reaches a log line or an
// operator's terminal is the reason with the URL and its password blotted out, on one line.

/**
 * Says why a database could not be used, without its URL or password.
 * @param url The connection string that was used.
 * @param error The driver's error.
 * @returns The first line of its message, `<url>` and `***` in place of URL and password.
 */
export function databaseErrorReason(url: string, error: unknown): string {
  let reason = error instanceof Error ? error.message : String(error);
  for (const secret of urlSecrets(url)) reason = reason.replaceAll(secret, '***');
  return reason.replaceAll(url, '<url>').split('\n')[0] ?? '';
}

function urlSecrets(url: string): string[] {
  try {
    const password = new URL(url).password;
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}
