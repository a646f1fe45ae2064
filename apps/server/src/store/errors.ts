// Failures a store reports to the HTTP layer, which maps each to its status (412, 404, 413).
// Messages name the rule, never a key, body or file content.

/** A conditional write's expected `updated_at` did not hold; nothing was stored. */
export class PreconditionFailedError extends Error {
  /** The record keys (as stored) whose precondition failed. */
  readonly recordKeys: readonly string[];

  /**
   * @param recordKeys The record keys whose precondition failed.
   */
  constructor(recordKeys: readonly string[]) {
    super(`${recordKeys.length} record(s) changed since they were read`);
    this.name = 'PreconditionFailedError';
    this.recordKeys = recordKeys;
  }
}

/** The record an attachment call names does not exist (or has expired). */
export class RecordNotFoundError extends Error {
  constructor() {
    super('record not found');
    this.name = 'RecordNotFoundError';
  }
}

/** An upload passed the size limit; nothing of it was kept. */
export class AttachmentTooLargeError extends Error {
  /** The limit, in bytes. */
  readonly maxSize: number;

  /**
   * @param maxSize The limit that was passed, in bytes.
   */
  constructor(maxSize: number) {
    super(`attachment is larger than ${maxSize} bytes`);
    this.name = 'AttachmentTooLargeError';
    this.maxSize = maxSize;
  }
}

/** The store serves no such country (PostgreSQL with a URL per country, and none for this one). */
export class UnknownCountryError extends Error {
  constructor() {
    super('country is not served by this store');
    this.name = 'UnknownCountryError';
  }
}
