// The audit log's shapes as the store keeps them: one row per data-access request, in the
// database of the country the request named (audit data stays in its country too).

/** What a request did; the route decides, the store only keeps it. */
export type AuditAction =
  | 'write'
  | 'batchWrite'
  | 'read'
  | 'find'
  | 'delete'
  | 'batchDelete'
  | 'attachment.add'
  | 'attachment.upsert'
  | 'attachment.download'
  | 'attachment.delete'
  | 'attachment.readMeta'
  | 'attachment.updateMeta';

/** One audit row: who did what, where, when, with which outcome, to which records. */
export interface AuditEntry {
  /** When the request was answered (the server process's clock), millisecond precision. */
  readonly time: Date;
  readonly environment: string;
  /** The client of the request's access token. */
  readonly clientId: string;
  readonly action: AuditAction;
  /** Lowercase country code. */
  readonly country: string;
  /** The HTTP status answered. */
  readonly status: number;
  /** The `x-inc-corr-id-resp` id of the response. */
  readonly requestId: string;
  /** SHA-256 hex of each touched record key as stored, at most `AUDIT_KEY_CAP` of them. */
  readonly keyHashes: readonly string[];
  /** How many record keys the request touched in all (may exceed `keyHashes.length`). */
  readonly keyCount: number;
}

/** Which rows `listAudit` returns. */
export interface AuditQuery {
  /** Only this environment's rows; all environments when absent. */
  readonly environment?: string | undefined;
  /** Only rows at or after this instant. */
  readonly since?: Date | undefined;
  /** At most this many rows, newest first. */
  readonly limit: number;
}
