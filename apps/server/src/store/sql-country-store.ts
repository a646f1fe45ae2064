import { readAttachment } from './attachment-download.ts';
import {
  deleteAttachment,
  getAttachmentMeta,
  removeAbandonedUploads,
  updateAttachmentMeta,
} from './attachment-meta.ts';
import { addAttachment } from './attachment-upload.ts';
import { type AuditBufferOptions, createAuditBuffer } from './audit-buffer.ts';
import { listAudit, purgeAudit } from './audit-sql.ts';
import { deleteRecords, purgeExpiredRecords } from './record-delete.ts';
import { findRecords } from './record-find.ts';
import { readRecord } from './record-read.ts';
import { writeRecords } from './record-write.ts';
import { ATTACHMENT_CHUNK_SIZE } from './schema.ts';
import type { SqlClient } from './sql-client.ts';
import type { CountryStore } from './types.ts';

/** Tuning of a country store; the defaults suit production. */
export interface SqlCountryStoreOptions {
  /** The size of a stored attachment chunk, in bytes; 256 KiB by default. */
  readonly chunkSize?: number | undefined;
  /**
   * How long an upload may go without a new chunk before `purgeExpired` removes it as
   * abandoned, in milliseconds; one hour by default.
   */
  readonly abandonedUploadMs?: number | undefined;
  /** When queued audit rows (`recordAudit`) are inserted; within a second by default. */
  readonly auditBuffer?: AuditBufferOptions | undefined;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Creates the store of one country database over a SQL client; both backends share it. The
 * schema must already be in place (ensureSchema).
 * @param client The country's database.
 * @param options Chunk size and upload clean-up.
 * @returns The store; closing the client is the caller's business.
 */
export function createSqlCountryStore(
  client: SqlClient,
  options: SqlCountryStoreOptions = {},
): CountryStore {
  const chunkSize = options.chunkSize ?? ATTACHMENT_CHUNK_SIZE;
  const abandonedUploadMs = options.abandonedUploadMs ?? HOUR_MS;
  const auditBuffer = createAuditBuffer(client, options.auditBuffer);
  return {
    write: (environment, writes, audit) => writeRecords(client, environment, writes, audit),
    read: (environment, recordKey) => readRecord(client, environment, recordKey),
    find: (environment, query) => findRecords(client, environment, query),
    delete: async (environment, recordKey, audit) =>
      (await deleteRecords(
        client,
        environment,
        [recordKey],
        audit === undefined ? undefined : { entry: audit, onlyWhenDeleted: true },
      )) > 0,
    deleteMany: (environment, recordKeys, audit) =>
      deleteRecords(
        client,
        environment,
        recordKeys,
        audit === undefined ? undefined : { entry: audit, onlyWhenDeleted: false },
      ),
    addAttachment: (environment, recordKey, upload, audit) =>
      addAttachment(client, environment, recordKey, upload, chunkSize, audit),
    getAttachmentMeta: (environment, recordKey, fileId) =>
      getAttachmentMeta(client, environment, recordKey, fileId),
    updateAttachmentMeta: (environment, recordKey, fileId, changes, audit) =>
      updateAttachmentMeta(client, environment, recordKey, fileId, changes, audit),
    readAttachment: (environment, recordKey, fileId) =>
      readAttachment(client, environment, recordKey, fileId),
    deleteAttachment: (environment, recordKey, fileId, audit) =>
      deleteAttachment(client, environment, recordKey, fileId, audit),
    purgeExpired: async (now) => {
      const purged = await purgeExpiredRecords(client, now);
      await removeAbandonedUploads(client, abandonedUploadMs);
      return purged;
    },
    recordAudit: (entry) => auditBuffer.add(entry),
    flushAudit: () => auditBuffer.flush(),
    listAudit: (query) => listAudit(client, query),
    purgeAudit: (before) => purgeAudit(client, before),
  };
}
