// Opens the audit trail of every records request (after requireToken, so the client is known)
// and closes it with the response's status. An error a route throws has become a response by
// then (Hono's onError runs inside `next`), so failures get their row too.

import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { AuditTrail } from './audit-trail.ts';

/**
 * The audit middleware of the records routes.
 * @returns The middleware; it sets `audit` on the context.
 */
export function auditRequests(): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    const trail = new AuditTrail(
      context.get('requestId'),
      context.get('environment').id,
      context.get('claims').clientId,
    );
    context.set('audit', trail);
    await next();
    trail.finish(context.res.status);
  };
}
