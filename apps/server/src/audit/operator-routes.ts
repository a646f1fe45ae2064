// The operator route `GET /operator/audit?country=…&environment=…&since=…&limit=…`: the audit
// rows of one served country, newest first, for `residency-server audit --data DIR` while the
// server holds the folder. Authenticated by `Authorization: Bearer <operator credential>`
// (operator-credential.ts), never by an environment's token; without a credential configured
// the route does not exist (404). Read only: no route deletes audit rows.

import type { Hono } from 'hono';
import type { AppSettings } from '../app-options.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { AuditQueryError, auditRowToJson, parseAuditListing } from './audit-query.ts';
import { operatorCredentialMatches } from './operator-credential.ts';

/** The path of the audit listing. */
export const OPERATOR_AUDIT_PATH = '/operator/audit';

const CREDENTIAL_RULE = 'must be "Bearer <operator credential>" from the data folder';

/**
 * Adds the operator routes (only when the settings hold an operator credential).
 * @param app The app.
 * @param settings The app's settings.
 */
export function addOperatorRoutes(app: Hono<AppEnv>, settings: AppSettings): void {
  const expected = settings.operatorCredential;
  if (expected === undefined) return;
  app.get(OPERATOR_AUDIT_PATH, async (context) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(context.req.header('authorization') ?? '');
    if (match === null || !operatorCredentialMatches(match[1] as string, expected)) {
      throw ApiError.of(401, 'Authorization', CREDENTIAL_RULE);
    }
    let listing: ReturnType<typeof parseAuditListing>;
    try {
      listing = parseAuditListing(context.req.query());
    } catch (error) {
      if (!(error instanceof AuditQueryError)) throw error;
      throw ApiError.of(400, error.field, error.message.slice(error.field.length + 1));
    }
    if (!settings.stores.countries.includes(listing.country)) {
      throw ApiError.of(404, 'country', 'is not served by this server');
    }
    const store = await settings.stores.country(listing.country);
    // Rows of reads still queued go in first, so the listing is up to the moment.
    await store.flushAudit();
    const rows = await store.listAudit(listing);
    return context.json({ rows: rows.map(auditRowToJson) });
  });
}
