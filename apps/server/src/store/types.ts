// The contract between the HTTP layer and the storage backends. Both backends (PGlite, one
// database per country under a data folder; PostgreSQL, a URL per country or one schema per
// country) implement it with one shared SQL schema. The HTTP layer never writes SQL; the store
// never parses HTTP. Field names are the wire's (snake_case), as the API speaks them.

import type { FilterCondition, Int64, RangeKeyField, StringKeyField } from '@residency/protocol';
import type { AuditEntry, AuditQuery } from './audit-types.ts';

/** The string key fields of a record and its integer range fields, as on the wire (§5.1). */
export type { RangeKeyField, StringKeyField };

/** What a write stores: every field but the server-kept dates and attachments. */
export type RecordWrite = {
  record_key: string;
  body: string | null;
  precommit_body: string | null;
  version: number;
  is_encrypted: boolean | null;
  expires_at: Date | null;
} & { [field in StringKeyField]: string | null } & {
  /** A signed 64-bit integer: a number when it is a safe integer, else a bigint. */
  [field in RangeKeyField]: Int64 | null;
};

/**
 * A write with its optional precondition (our conditional-write extension, for safe migration):
 * `undefined` writes unconditionally; a `Date` requires the stored record's `updated_at` to be
 * exactly that instant; `null` requires that no record with this key exists.
 */
export interface ConditionalWrite {
  readonly record: RecordWrite;
  readonly expectedUpdatedAt?: Date | null | undefined;
}

/** An attachment's metadata (protocol.md §4.9), minus `download_link`, which the HTTP layer builds. */
export interface StoredAttachmentMeta {
  readonly file_id: string;
  readonly filename: string;
  readonly mime_type: string;
  readonly size: number;
  /** SHA-256 of the content, lowercase hex. */
  readonly hash: string;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/**
 * A stored record. Dates are held at millisecond precision (JavaScript's), so an `updated_at`
 * a client read and parsed into a `Date` matches the stored one exactly.
 */
export type StoredRecord = RecordWrite & {
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly attachments: readonly StoredAttachmentMeta[];
};

/** The store's condition tree: `@residency/protocol`'s `FilterCondition`. */
export type FindCondition = FilterCondition;

/** One sort criterion. */
export interface FindSort {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** A validated find. */
export interface FindQuery {
  readonly where: FindCondition;
  readonly sort: readonly FindSort[];
  /** 1..100. */
  readonly limit: number;
  readonly offset: number;
}

/** What find returns: one page, and how many records match in all. */
export interface FindPage {
  readonly records: readonly StoredRecord[];
  readonly total: number;
}

/** A new attachment's bytes and names; `data` is consumed as it arrives, never held whole. */
export interface AttachmentUpload {
  readonly filename: string;
  readonly mimeType: string;
  readonly data: AsyncIterable<Uint8Array>;
  /** PUT semantics: replace the record's attachment of the same filename, if any. */
  readonly upsert: boolean;
  /** Bytes past this fail the upload with `AttachmentTooLargeError`; nothing is kept. */
  readonly maxSize: number;
}

/** A download: the metadata, then the content streamed chunk by chunk from the database. */
export interface AttachmentDownload {
  readonly meta: StoredAttachmentMeta;
  readonly content: AsyncIterable<Uint8Array>;
}

/**
 * One country's records of every environment; every call names the environment it acts for.
 * The methods that change data take the request's optional audit row: it is inserted in the
 * same transaction as the change (usually the same statement), and exists exactly when the call
 * succeeded as documented below; for anything else (reads, failures) use `recordAudit`.
 */
export interface CountryStore {
  /**
   * Upserts records by (environment, record key) in one transaction: all or nothing. Keeps
   * `created_at`, sets `updated_at` to now, keeps attachments. `audit` goes in when it resolves.
   * @throws PreconditionFailedError when any write's `expectedUpdatedAt` does not hold; nothing
   *   is stored then, the audit row neither.
   */
  write(
    environment: string,
    writes: readonly ConditionalWrite[],
    audit?: AuditEntry | undefined,
  ): Promise<StoredRecord[]>;
  /** The record, or null when missing or expired. */
  read(environment: string, recordKey: string): Promise<StoredRecord | null>;
  /** A page of matching, unexpired records. */
  find(environment: string, query: FindQuery): Promise<FindPage>;
  /** Deletes a record and its attachments; false when there was none (and no audit row then). */
  delete(environment: string, recordKey: string, audit?: AuditEntry | undefined): Promise<boolean>;
  /**
   * Deletes the listed records (missing ones are ignored) in one transaction; returns how many.
   * `audit` goes in whenever it resolves.
   */
  deleteMany(
    environment: string,
    recordKeys: readonly string[],
    audit?: AuditEntry | undefined,
  ): Promise<number>;
  /**
   * Stores an attachment, streaming `data` into chunks; `audit` goes in with its publication.
   * @throws RecordNotFoundError when the record does not exist (or expired).
   * @throws AttachmentTooLargeError past `maxSize`.
   */
  addAttachment(
    environment: string,
    recordKey: string,
    upload: AttachmentUpload,
    audit?: AuditEntry | undefined,
  ): Promise<StoredAttachmentMeta>;
  /** The attachment's metadata, or null when the record or the file is missing. */
  getAttachmentMeta(
    environment: string,
    recordKey: string,
    fileId: string,
  ): Promise<StoredAttachmentMeta | null>;
  /** Renames or re-types an attachment; null when missing (and no audit row then). */
  updateAttachmentMeta(
    environment: string,
    recordKey: string,
    fileId: string,
    changes: { readonly filename?: string | undefined; readonly mimeType?: string | undefined },
    audit?: AuditEntry | undefined,
  ): Promise<StoredAttachmentMeta | null>;
  /** The attachment's content as a stream of chunks; null when missing. */
  readAttachment(
    environment: string,
    recordKey: string,
    fileId: string,
  ): Promise<AttachmentDownload | null>;
  /** Deletes an attachment; false when missing (and no audit row then). */
  deleteAttachment(
    environment: string,
    recordKey: string,
    fileId: string,
    audit?: AuditEntry | undefined,
  ): Promise<boolean>;
  /** Deletes every record past its `expires_at` (with attachments); returns how many. */
  purgeExpired(now: Date): Promise<number>;
  /**
   * Queues an audit row of a request that changed nothing (a read, a find, a failure); it is
   * inserted within a second, in a batch with others, and on `flushAudit`.
   */
  recordAudit(entry: AuditEntry): void;
  /** Inserts every queued audit row now; the store's provider calls it when closing. */
  flushAudit(): Promise<void>;
  /** Audit rows, newest first (queued ones only once flushed). */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;
  /** Deletes audit rows older than `before` (retention); returns how many. */
  purgeAudit(before: Date): Promise<number>;
}

/** Database connections of a provider, all countries together. */
export interface ConnectionUsage {
  /** Connections running a statement or a transaction (PGlite: 0 or 1). */
  readonly inUse: number;
  /** Open connections with nothing to do (PGlite: 1 minus `inUse`). */
  readonly idle: number;
  /** Statements waiting for a connection. */
  readonly waiting: number;
}

/** What a provider says about itself, for readiness probes and metrics; never a record. */
export interface StoreHealth {
  /** Each served country and whether its database is open. */
  readonly countries: readonly { readonly code: string; readonly open: boolean }[];
  readonly connections: ConnectionUsage;
}

/** The stores of every country a server serves, all opened before the provider exists. */
export interface StoreProvider {
  /** The countries whose stores are open (lowercase 2-letter codes). */
  readonly countries: readonly string[];
  /**
   * The store of a country (lowercase 2-letter code).
   * @throws UnknownCountryError for a country not in `countries`.
   */
  country(code: string): Promise<CountryStore>;
  /** Whether each country's database is open, and the connections in use; cheap, no query. */
  health(): StoreHealth;
  /** Closes every open database; idempotent. */
  close(): Promise<void>;
}
