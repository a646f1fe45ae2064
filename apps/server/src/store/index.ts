// The store module's public list: the HTTP layer imports from here only. Left out on purpose:
// the SQL client, the schema and the statement builders, which the backends share internally
// and which may change with any migration.

export { AUDIT_KEY_CAP } from './audit-sql.ts';
export type { AuditAction, AuditEntry } from './audit-types.ts';
export {
  AttachmentTooLargeError,
  PreconditionFailedError,
  RecordNotFoundError,
  UnknownCountryError,
} from './errors.ts';
export { FolderInUseError } from './folder-lock.ts';
export { createPgliteStores } from './pglite-stores.ts';
export { createPostgresStores } from './postgres-stores.ts';
export type {
  AttachmentUpload,
  ConditionalWrite,
  CountryStore,
  FindCondition,
  FindQuery,
  FindSort,
  RangeKeyField,
  RecordWrite,
  StoredAttachmentMeta,
  StoredRecord,
  StoreProvider,
  StringKeyField,
} from './types.ts';
