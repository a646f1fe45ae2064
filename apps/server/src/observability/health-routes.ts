// Probes for orchestrators, without auth: `/livez` says the process serves (restart it when
// this fails), `/readyz` says it should get traffic: every served country's database open and
// no shutdown under way. A 503 names what is wrong by check name and country code, never a
// setting's or a request's value. `/healthcheck` (the platform's) stays as it was.

import type { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import type { DrainState } from '../lifecycle/drain-state.ts';
import type { StoreProvider } from '../store/index.ts';

/** One failed readiness check. */
export interface ReadinessProblem {
  /** `draining` or `store`. */
  readonly check: string;
  /** The country of a closed store. */
  readonly country?: string;
  readonly detail: string;
}

/**
 * Lists what keeps a server from being ready.
 *
 * @param stores The stores.
 * @param drain The drain flag.
 * @returns The problems; none when ready.
 */
function readinessProblems(stores: StoreProvider, drain: DrainState): ReadinessProblem[] {
  const problems: ReadinessProblem[] = [];
  if (drain.draining) problems.push({ check: 'draining', detail: 'the server is shutting down' });
  for (const { code, open } of stores.health().countries) {
    if (!open) problems.push({ check: 'store', country: code, detail: 'database is closed' });
  }
  return problems;
}

/**
 * Adds `GET /livez` and `GET /readyz`.
 *
 * @param app The app.
 * @param stores The stores whose state readiness reports.
 * @param drain The drain flag.
 */
export function addHealthRoutes(app: Hono<AppEnv>, stores: StoreProvider, drain: DrainState): void {
  app.get('/livez', (context) => context.json({ status: 'ok' }));
  app.get('/readyz', (context) => {
    context.header('Cache-Control', 'no-store');
    const problems = readinessProblems(stores, drain);
    if (problems.length === 0) return context.json({ status: 'ready' });
    return context.json({ status: 'unavailable', problems }, 503);
  });
}
