import { mapDriverError } from './map-driver-error.ts';
import type { SecureStoreEntry } from './secure-store-call.ts';
import type { SecureStoreConnection } from './secure-store-driver.ts';
import { SecureStoreEntryExistsError } from './secure-store-entry-exists-error.ts';
import { checkKey, checkValue } from './secure-store-limits.ts';
import { fromUtf8, type SecureStoreValue } from './value-bytes.ts';

/** The entries a session reads and writes: one store name and user flag. */
export interface SecureStoreNamespace {
  /** `STORE_NAME`. */
  readonly storeName: string;
  /** `FOR_XS_APPLICATIONUSER`. */
  readonly forApplicationUser: boolean;
}

/**
 * The secure-store operations on one open connection, as recipes that do not depend on the
 * unverified error codes (fact sheet §4). Get one from `HanaSecureStore.session()`.
 */
export class HanaSecureStoreSession {
  readonly #connection: SecureStoreConnection;
  readonly #namespace: SecureStoreNamespace;

  /**
   * Wraps an open connection; `HanaSecureStore.session()` creates it.
   *
   * @param connection The open connection.
   * @param namespace The store name and user flag of every entry.
   */
  constructor(connection: SecureStoreConnection, namespace: SecureStoreNamespace) {
    this.#connection = connection;
    this.#namespace = namespace;
  }

  /**
   * Reads an entry: RETRIEVE; a null OUT value means the key does not exist.
   *
   * @param key The key, at most 1024 characters.
   * @returns The stored bytes, or `null` when there is no such entry.
   * @throws {InputValidationError} When the key is empty or too long.
   * @throws {StorageError} A subclass mapped from the driver's error (see the README).
   */
  async get(key: string): Promise<Uint8Array | null> {
    const entry = this.#entry(checkKey(key, 'get'));
    try {
      return await this.#connection.call({ procedure: 'RETRIEVE', entry });
    } catch (error) {
      throw mapDriverError(error, 'get');
    }
  }

  /**
   * Reads an entry as UTF-8 text.
   *
   * @param key The key.
   * @returns The text, or `null` when there is no such entry.
   * @throws {StorageServerResponseValidationError} When the bytes are not UTF-8.
   * @throws {InputValidationError} When the key is empty or too long.
   */
  async getText(key: string): Promise<string | null> {
    const bytes = await this.get(key);
    return bytes === null ? null : fromUtf8(bytes, 'getText');
  }

  /**
   * Creates an entry that must not exist: INSERT; if that fails, RETRIEVE tells an existing
   * entry (`SecureStoreEntryExistsError`) from any other failure.
   *
   * @param key The key.
   * @param value Bytes, or text stored as UTF-8; at most 5000 bytes.
   * @returns Nothing; resolves once the entry is written (autocommit).
   * @throws {SecureStoreEntryExistsError} When the key exists already.
   * @throws {InputValidationError} When the key or value breaks a size limit.
   */
  async create(key: string, value: SecureStoreValue): Promise<void> {
    const entry = this.#entry(checkKey(key, 'create'));
    const bytes = checkValue(value, 'create');
    try {
      await this.#connection.call({ procedure: 'INSERT', entry, value: bytes });
    } catch (insertError) {
      if ((await this.#probe(entry)) === 'present') {
        throw new SecureStoreEntryExistsError(
          'create(): an entry with this key exists already in the secure store; use set() to replace it',
          { cause: insertError },
        );
      }
      throw mapDriverError(insertError, 'create');
    }
  }

  /**
   * Writes an entry, replacing any: DELETE then INSERT in one transaction (autocommit off,
   * one commit), so readers never see the key missing, unless the procedures commit on their
   * own (fact sheet §9, unverified).
   *
   * @param key The key.
   * @param value Bytes, or text stored as UTF-8; at most 5000 bytes.
   * @returns Nothing; resolves once committed.
   * @throws {InputValidationError} When the key or value breaks a size limit.
   */
  async set(key: string, value: SecureStoreValue): Promise<void> {
    const entry = this.#entry(checkKey(key, 'set'));
    const bytes = checkValue(value, 'set');
    const connection = this.#connection;
    try {
      await connection.begin();
      await connection.call({ procedure: 'DELETE', entry });
      await connection.call({ procedure: 'INSERT', entry, value: bytes });
      await connection.commit();
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      throw mapDriverError(error, 'set');
    }
  }

  /**
   * Deletes an entry: DELETE; if that fails and a RETRIEVE finds nothing, the entry counts as
   * deleted already.
   *
   * @param key The key.
   * @returns Nothing; also when there was no such entry.
   * @throws {InputValidationError} When the key is empty or too long.
   */
  async delete(key: string): Promise<void> {
    const entry = this.#entry(checkKey(key, 'delete'));
    try {
      await this.#connection.call({ procedure: 'DELETE', entry });
    } catch (deleteError) {
      // Only a read that finds nothing proves the entry gone; a failed read proves nothing.
      if ((await this.#probe(entry)) !== 'absent') throw mapDriverError(deleteError, 'delete');
    }
  }

  #entry(key: string): SecureStoreEntry {
    const { storeName, forApplicationUser } = this.#namespace;
    return { storeName, forApplicationUser, key };
  }

  /** What a follow-up read finds; `unknown` when it fails too (e.g. the connection broke). */
  async #probe(entry: SecureStoreEntry): Promise<'present' | 'absent' | 'unknown'> {
    try {
      const value = await this.#connection.call({ procedure: 'RETRIEVE', entry });
      return value === null ? 'absent' : 'present';
    } catch {
      return 'unknown';
    }
  }
}
