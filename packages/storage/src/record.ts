// The record model in TypeScript (protocol.md §5.1): camelCase fields; the wire is snake_case
// (record-fields.ts maps the names).

import type { Int64, RangeKeyNumber, SearchKeyNumber, ServiceKeyNumber } from '@residency/protocol';

/** `serviceKey1` … `serviceKey5`. */
export type ServiceKeyName = `serviceKey${ServiceKeyNumber}`;

/** `key1` … `key20`: the same names as on the wire. */
export type SearchKeyName = `key${SearchKeyNumber}`;

/** `rangeKey1` … `rangeKey10`. */
export type RangeKeyName = `rangeKey${RangeKeyNumber}`;

/**
 * A record as the caller writes it. Only `recordKey` is required; a field that is `null` or
 * absent is not sent (the seed drops `None`s). `expiresAt` is a `Date` or an ISO-8601 string.
 */
export type RecordData = {
  /** The record's key, unique in its country; hashed on the wire except in SSE mode. */
  readonly recordKey: string;
  /** The data, encrypted inside the body envelope. */
  readonly body?: string | null | undefined;
  /** A second body, encrypted on its own. */
  readonly precommitBody?: string | null | undefined;
  readonly profileKey?: string | null | undefined;
  readonly parentKey?: string | null | undefined;
  /** When the platform deletes the record. */
  readonly expiresAt?: Date | string | null | undefined;
} & { readonly [name in ServiceKeyName | SearchKeyName]?: string | null | undefined } & {
  /**
   * A signed 64-bit integer (protocol.md §5.1): a safe-integer `number`, or a `bigint` from −2^63
   * to 2^63 − 1 for a value past ±(2^53 − 1), which a `number` cannot hold exactly.
   */
  readonly [name in RangeKeyName]?: Int64 | null | undefined;
};

/** An attachment's metadata (protocol.md §4.9), camelCase with dates. */
export interface AttachmentMeta {
  readonly fileId: string;
  readonly filename: string;
  /** SHA-256 hex of the content. */
  readonly hash: string;
  readonly mimeType: string;
  /** Bytes. */
  readonly size: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly downloadLink: string;
}

/**
 * A record as read back: every field present, `null` where the record has no value, keys in
 * their original (un-hashed) values, the body decrypted.
 */
export type Record = {
  readonly recordKey: string;
  readonly body: string | null;
  readonly precommitBody: string | null;
  readonly profileKey: string | null;
  readonly parentKey: string | null;
  readonly expiresAt: Date | null;
  /** Set by the server at creation; `null` only when a lenient server left it out. */
  readonly createdAt: Date | null;
  /** Set by the server at every write; `null` only when a lenient server left it out. */
  readonly updatedAt: Date | null;
  /** The secret version the body was encrypted with; `null` when the server sent none. */
  readonly version: number | null;
  readonly attachments: readonly AttachmentMeta[];
} & { readonly [name in ServiceKeyName | SearchKeyName]: string | null } & {
  /**
   * A signed 64-bit integer: a `number` when the value is a safe integer (|n| ≤ 2^53 − 1), else
   * a `bigint`, so a value past 2^53 reads back exactly (`typeof` tells which).
   */
  readonly [name in RangeKeyName]: Int64 | null;
};
