// `POST /oauth2/token`: OAuth 2.0 client credentials (RFC 6749 §4.4, protocol.md §2.3). The
// client authenticates with HTTP Basic (both SDKs) or `client_id`/`client_secret` form fields;
// `scope` is the environment id, which must be the client's own. Errors use the platform's OAuth
// body, `{error, error_description, error_hint, status_code}` (protocol.md §2.3): the description
// is RFC 6749's standard text for the code, as the platform sends it and the Node SDK's own suite
// expects; what went wrong in particular is the hint.

import { TOKEN_PATH } from '@residency/protocol';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppSettings } from '../app-options.ts';
import type { Environment } from '../environments/environment-file.ts';
import type { AppEnv } from '../http/app-env.ts';
import { tokenAttemptGuard } from '../limits/token-attempts.ts';
import { RateLimitKind } from '../observability/app-metrics.ts';
import { issueAccessToken } from './access-token.ts';

/** The largest token request body; a form of three short fields needs far less. */
const MAX_TOKEN_BODY = 64 * 1024;

type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** RFC 6749 §5.2's description of each code, worded as the platform sends it (no final stop). */
const DESCRIPTIONS: Readonly<Record<OAuthErrorCode, string>> = {
  invalid_request:
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed',
  invalid_client:
    'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)',
  unsupported_grant_type:
    'The authorization grant type is not supported by the authorization server',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed',
};

/** The OAuth error body for `code`; `hint` says what went wrong in particular. */
function oauthErrorBody(code: OAuthErrorCode, hint: string, status: number) {
  return {
    error: code,
    error_description: DESCRIPTIONS[code],
    error_hint: hint,
    status_code: status,
  };
}

class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly status: 400 | 401;

  constructor(code: OAuthErrorCode, description: string, status: 400 | 401 = 400) {
    super(description);
    this.name = 'OAuthError';
    this.code = code;
    this.status = status;
  }
}

interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

function basicCredentials(header: string): ClientCredentials {
  const match = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header);
  if (match === null) throw new OAuthError('invalid_client', 'malformed Basic authorization', 401);
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new OAuthError('invalid_client', 'malformed Basic authorization', 401);
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function credentialsOf(context: Context, form: URLSearchParams): ClientCredentials {
  const header = context.req.header('authorization');
  if (header !== undefined && header !== '') {
    return basicCredentials(header);
  }
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  if (clientId === null || clientId === '' || clientSecret === null) {
    throw new OAuthError('invalid_client', 'client authentication is required', 401);
  }
  return { clientId, clientSecret };
}

async function readForm(context: Context): Promise<URLSearchParams> {
  const type = context.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  const text = await context.req.text();
  // URLSearchParams decodes `+` and `%20` alike, as Python and Node encode spaces differently.
  return new URLSearchParams(text);
}

function clientGeneration(environment: Environment, clientId: string): number {
  return environment.clients.find(({ id }) => id === clientId)?.generation ?? 0;
}

async function issue(context: Context<AppEnv>, settings: AppSettings): Promise<Response> {
  const form = await readForm(context);
  const grantType = form.get('grant_type');
  if (grantType === null || grantType === '') {
    throw new OAuthError('invalid_request', 'grant_type is required');
  }
  if (grantType !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'only client_credentials is supported');
  }
  const credentials = credentialsOf(context, form);
  const environment = await settings.environments.authenticate(
    credentials.clientId,
    credentials.clientSecret,
  );
  if (environment === undefined) {
    throw new OAuthError('invalid_client', 'unknown client or wrong secret', 401);
  }
  const scope = form.get('scope');
  if (scope !== null && scope !== '' && scope !== environment.id) {
    throw new OAuthError('invalid_scope', "scope must be the client's environment id");
  }
  const expiresAt = Math.floor(Date.now() / 1000) + settings.tokenTtlSeconds;
  const token = issueAccessToken(settings.keys.tokenSigningKey, {
    environmentId: environment.id,
    clientId: credentials.clientId,
    generation: clientGeneration(environment, credentials.clientId),
    expiresAt,
  });
  context.header('Cache-Control', 'no-store');
  context.header('Pragma', 'no-cache');
  return context.json({
    access_token: token,
    expires_in: settings.tokenTtlSeconds,
    token_type: 'bearer',
    scope: environment.id,
  });
}

/**
 * Adds `POST /oauth2/token` to the app.
 *
 * @param app The app.
 * @param settings The app's settings (environments, signing key, token lifetime).
 */
export function addTokenRoute(app: Hono<AppEnv>, settings: AppSettings): void {
  const limit = bodyLimit({
    maxSize: MAX_TOKEN_BODY,
    onError: (context) =>
      context.json(oauthErrorBody('invalid_request', 'the body is too large', 413), 413),
  });
  const attempts = tokenAttemptGuard(settings.limits, settings.logger, {
    isKnownClient: async (clientId) =>
      (await settings.environments.list()).some((environment) =>
        environment.clients.some(({ id }) => id === clientId),
      ),
    onRefused: () => settings.onRefused(RateLimitKind.TOKEN_ATTEMPTS),
    counts: settings.tokenFailureCounts,
  });
  app.post(TOKEN_PATH, limit, attempts, async (context) => {
    try {
      return await issue(context, settings);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.status === 401) context.header('WWW-Authenticate', 'Basic realm="residency"');
      context.header('Cache-Control', 'no-store');
      return context.json(oauthErrorBody(error.code, error.message, error.status), error.status);
    }
  });
}
