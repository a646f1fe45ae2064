// Time in SQL comes from the database's clock, one clock for every server process that shares a
// PostgreSQL, so dates and expiry agree across processes whatever their own clocks say.

/** Now, truncated (never rounded up) to the millisecond a JavaScript Date holds. */
export const NOW_MS: string = "date_trunc('milliseconds', now())";

/** The SQL condition "the record `r` has not expired" (expiry is at `expires_at`, inclusive). */
export const LIVE_RECORD: string = '(r.expires_at IS NULL OR r.expires_at > now())';
