/**
 * The version of `@residency/sdk`, sent in the `User-Agent` header as `SDK-Residency/<VERSION>`.
 * A constant rather than a read of package.json at run time: browsers have no file system, and
 * importing JSON needs import attributes that not every bundler handles.
 * Keep it equal to package.json's `version` (a test checks).
 */
export const VERSION: string = '0.0.0';

/** The `User-Agent` of every request the SDK sends. */
export const USER_AGENT: string = `SDK-Residency/${VERSION}`;
