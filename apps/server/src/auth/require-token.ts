// Every records route needs `Authorization: Bearer <token>` whose environment is the one named by
// `x-env-id` (protocol.md §2, §12): 401 for a missing, malformed, forged or expired token (the
// SDKs then fetch a new token once), 403 when the token is good but for another environment.

import type { MiddlewareHandler } from 'hono';
import type { AppSettings } from '../app-options.ts';
import type { Environment } from '../environments/environment-file.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { acceptedSigningKeys } from '../keys/server-keys.ts';
import { type TokenClaims, verifyAccessToken } from './access-token.ts';

const TOKEN_RULE =
  'must be "Bearer <access token>" with a valid, unexpired token from /oauth2/token';
const ENVIRONMENT_RULE = "must name the access token's environment";

/**
 * Checks the access token and the environment of a request.
 *
 * @param settings The app's settings (signing key, environments).
 * @returns The middleware; it sets `claims` and `environment` on the context.
 * @throws {ApiError} 401 for a bad token, 403 for an environment mismatch.
 */
export function requireToken(settings: AppSettings): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    const header = context.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    const claims =
      match === null
        ? undefined
        : verifyAccessToken(acceptedSigningKeys(settings.keys), match[1] as string, Date.now());
    if (claims === undefined) throw ApiError.of(401, 'Authorization', TOKEN_RULE);
    // A token outlives nothing it names: removing an environment or a client, or rotating the
    // client's secret (its generation goes up), revokes its tokens. The registry re-reads
    // environments.json when it changes, so this holds for changes made while the server runs.
    // A copy's snapshot of the control plane may predate a token another copy issued after a
    // change: then the environment is looked up once more as it is now.
    let environment = await settings.environments.environment(claims.environmentId);
    if (!holdsClient(environment, claims)) {
      environment = await settings.environments.latestEnvironment(claims.environmentId);
    }
    if (environment === undefined || !holdsClient(environment, claims)) {
      throw ApiError.of(401, 'Authorization', TOKEN_RULE);
    }
    if (context.req.header('x-env-id') !== claims.environmentId) {
      throw ApiError.of(403, 'x-env-id', ENVIRONMENT_RULE);
    }
    context.set('claims', claims);
    context.set('environment', environment);
    await next();
  };
}

// Whether the environment still has the token's client at the token's generation.
function holdsClient(environment: Environment | undefined, claims: TokenClaims): boolean {
  return (
    environment?.clients.some(
      ({ id, generation }) => id === claims.clientId && generation === claims.generation,
    ) ?? false
  );
}
