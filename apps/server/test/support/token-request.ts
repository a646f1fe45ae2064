// The token request of a client to an app in-process (`app.request`), as the SDKs send it.
import type { Hono } from 'hono';
import type { NewClient } from '../../src/environments/environment-directory.ts';

/**
 * Asks an app for a client-credentials token.
 *
 * @param app The app (`createApp`), answered in-process.
 * @param client The client's id and secret.
 * @param scope The `scope` form field (an environment id); none when omitted.
 * @returns The response, unread.
 */
export function tokenRequest(
  app: Pick<Hono, 'request'>,
  client: Pick<NewClient, 'clientId' | 'clientSecret'>,
  scope?: string,
): Promise<Response> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  if (scope !== undefined) form.set('scope', scope);
  return Promise.resolve(
    app.request('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    }),
  );
}
