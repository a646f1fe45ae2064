import { createRecordingHandler, type RecordingHandler } from './recording-handler.ts';

/** The default OAuth endpoint of regions without their own (protocol.md §2.3). */
export const DEFAULT_AUTH_URL = 'https://auth-emea.incountry.com/oauth2/token';

/** Options of `tokenHandler`. */
export interface TokenHandlerOptions {
  /** The token endpoint to answer; `DEFAULT_AUTH_URL` when omitted. */
  readonly url?: string;
  /**
   * The `access_token` to hand out: a fixed string, or a function of the call index. By
   * default `token-1`, `token-2`, … so a test sees when a new token was fetched.
   */
  readonly token?: string | ((index: number) => string);
  /** The `expires_in` to send, in seconds; 300 when omitted. */
  readonly expiresIn?: number;
}

/**
 * Creates a recording OAuth2 token endpoint that answers every request with a token
 * (protocol.md §2.3).
 *
 * @param options The URL, token and lifetime.
 * @returns The handler and its recorded calls (read the form with `calls[i].body`).
 */
export function tokenHandler(options: TokenHandlerOptions = {}): RecordingHandler {
  const { url = DEFAULT_AUTH_URL, token, expiresIn = 300 } = options;
  return createRecordingHandler('POST', url, ({ index }) => {
    const accessToken =
      typeof token === 'function' ? token(index) : (token ?? `token-${index + 1}`);
    return Response.json({
      access_token: accessToken,
      expires_in: expiresIn,
      token_type: 'bearer',
      scope: '',
    });
  });
}
