// The per-request values the middleware hands to the routes.

import type { AuditTrail } from '../audit/audit-trail.ts';
import type { TokenClaims } from '../auth/access-token.ts';
import type { Environment } from '../environments/environment-file.ts';

/** The Hono environment of the app: what middleware sets on a request's context. */
export interface AppEnv {
  Variables: {
    /** A random id, echoed as `x-inc-corr-id-resp` and written in log lines. */
    requestId: string;
    /** The checked access token (records routes only). */
    claims: TokenClaims;
    /** The token's environment (records routes only). */
    environment: Environment;
    /** The request's audit trail (records routes, when auditing is on). */
    audit: AuditTrail | undefined;
  };
}
