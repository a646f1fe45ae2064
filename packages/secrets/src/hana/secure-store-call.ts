// The three stored procedures are the whole database interface (fact sheet §1): no tables, no
// DDL. Every driver prepares exactly these texts and binds the inputs in this order.

/** The procedures of the SAP HANA Secure Store, by what they do. */
export const SecureStoreProcedure = {
  INSERT: 'INSERT',
  RETRIEVE: 'RETRIEVE',
  DELETE: 'DELETE',
} as const;

/** One of `SecureStoreProcedure`'s values. */
export type SecureStoreProcedure = (typeof SecureStoreProcedure)[keyof typeof SecureStoreProcedure];

/** What identifies an entry: all three together (fact sheet §2). */
export interface SecureStoreEntry {
  /** `STORE_NAME`, at most 530 characters. */
  readonly storeName: string;
  /** `FOR_XS_APPLICATIONUSER`: `false` for the technical user of the binding. */
  readonly forApplicationUser: boolean;
  /** `KEY`, at most 1024 characters. */
  readonly key: string;
}

/** One call of a secure-store procedure. */
export type SecureStoreCall =
  | {
      readonly procedure: 'INSERT';
      readonly entry: SecureStoreEntry;
      /** `VALUE`, at most 5000 bytes. */
      readonly value: Uint8Array;
    }
  | { readonly procedure: 'RETRIEVE'; readonly entry: SecureStoreEntry }
  | { readonly procedure: 'DELETE'; readonly entry: SecureStoreEntry };

/**
 * The statement each procedure is called with. RETRIEVE's fourth marker is its OUT parameter
 * `VALUE`, which drivers do not bind.
 */
export const SECURE_STORE_STATEMENTS: Readonly<Record<SecureStoreProcedure, string>> =
  Object.freeze({
    INSERT: 'CALL SYS.USER_SECURESTORE_INSERT(?, ?, ?, ?)',
    RETRIEVE: 'CALL SYS.USER_SECURESTORE_RETRIEVE(?, ?, ?, ?)',
    DELETE: 'CALL SYS.USER_SECURESTORE_DELETE(?, ?, ?)',
  });

/** The IN parameters of a call, in the procedure's order: store name, user flag, key[, value]. */
export type SecureStoreInputs =
  | readonly [string, boolean, string]
  | readonly [string, boolean, string, Uint8Array];

/**
 * Lists a call's IN parameters in the order the procedure declares them.
 *
 * @param call The call.
 * @returns Store name, user flag and key, plus the value for INSERT.
 */
export function secureStoreInputs(call: SecureStoreCall): SecureStoreInputs {
  const { storeName, forApplicationUser, key } = call.entry;
  if (call.procedure === 'INSERT') return [storeName, forApplicationUser, key, call.value];
  return [storeName, forApplicationUser, key];
}
