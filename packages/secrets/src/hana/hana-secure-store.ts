import {
  type HanaSecureStoreOptions,
  type ResolvedSecureStoreOptions,
  resolveSecureStoreOptions,
} from './hana-secure-store-options.ts';
import { HanaSecureStoreSession } from './hana-secure-store-session.ts';
import { type HanaDriverChoice, loadDriver } from './load-driver.ts';
import { mapDriverError } from './map-driver-error.ts';
import type { SecureStoreConnection, SecureStoreDriver } from './secure-store-driver.ts';
import { checkKey, checkValue } from './secure-store-limits.ts';
import type { SecureStoreValue } from './value-bytes.ts';

/** Where a store connects and which entries it sees; no credentials. */
export interface HanaSecureStoreTarget {
  /** The first host tried. */
  readonly host: string;
  /** Its port. */
  readonly port: number;
  /** Whether the connection uses TLS. */
  readonly tls: boolean;
  /** The binding's instance name, when the credentials came from `VCAP_SERVICES`. */
  readonly instanceName: string | undefined;
  /** `STORE_NAME`. */
  readonly storeName: string;
  /** `FOR_XS_APPLICATIONUSER`. */
  readonly forApplicationUser: boolean;
  /** The driver: a name, `auto` before the first connection, or a custom driver's name. */
  readonly driver: string;
}

/**
 * Reads and writes entries of the SAP HANA Secure Store through its three procedures
 * (`SYS.USER_SECURESTORE_INSERT`, `…_RETRIEVE`, `…_DELETE`). Node only. Each operation opens a
 * connection, runs its calls and closes it; `session()` runs several on one connection. Sizes
 * are checked before connecting; driver errors become Residency errors with the driver's
 * error as `cause`, and no message holds a value or a credential.
 *
 * @example
 * ```ts
 * const store = new HanaSecureStore({ storeName: 'my-app' }); // binding from VCAP_SERVICES
 * await store.set('api-token', 'hunter2');
 * const token = await store.getText('api-token'); // 'hunter2', or null when missing
 * ```
 */
export class HanaSecureStore {
  readonly #options: ResolvedSecureStoreOptions;
  #driver: Promise<SecureStoreDriver> | undefined;
  #driverName: string | undefined;

  /**
   * Creates a store. Reads the binding now (when no credentials are given) but connects only
   * at the first operation, loading the driver then.
   *
   * @param options Credentials or binding selection, store name, user flag, driver, timeout.
   * @throws {StorageConfigValidationError} When an option is invalid, no `securestore`
   *   binding is found, several are bound without `instanceName`, or the credentials are
   *   invalid.
   */
  constructor(options: HanaSecureStoreOptions = {}) {
    this.#options = resolveSecureStoreOptions(options);
    const { driver } = this.#options;
    if (typeof driver === 'object') {
      this.#driver = Promise.resolve(driver);
      this.#driverName = driver.name;
    }
  }

  /**
   * Where the store connects and which entries it sees, without credentials; for logs and
   * the CLI.
   *
   * @returns A description of the target.
   */
  get target(): HanaSecureStoreTarget {
    const { settings, instanceName, storeName, forApplicationUser, driver } = this.#options;
    return {
      host: settings.host,
      port: settings.port,
      tls: settings.tls !== undefined,
      instanceName,
      storeName,
      forApplicationUser,
      driver: this.#driverName ?? (typeof driver === 'string' ? driver : driver.name),
    };
  }

  /**
   * Reads an entry's bytes.
   *
   * @param key The key, a non-empty string of at most 1024 characters.
   * @returns The bytes, or `null` when there is no entry with this key.
   * @throws {InputValidationError} When the key is empty or too long (before connecting).
   * @throws {StorageNetworkError} When SAP HANA cannot be reached (retryable).
   * @throws {StorageAuthenticationError} When the user or password is refused.
   * @throws {StorageConfigValidationError} When no driver is installed, or the binding has no
   *   secure store (HANA 328) or lacks the privilege (HANA 258).
   * @throws {StorageServerError} For any other database error.
   */
  async get(key: string): Promise<Uint8Array | null> {
    checkKey(key, 'get');
    return this.session((session) => session.get(key));
  }

  /**
   * Reads an entry as UTF-8 text.
   *
   * @param key The key.
   * @returns The text, or `null` when there is no entry with this key.
   * @throws {StorageServerResponseValidationError} When the stored bytes are not UTF-8.
   * @throws {InputValidationError} When the key is empty or too long.
   * @throws {StorageError} As `get()`.
   */
  async getText(key: string): Promise<string | null> {
    checkKey(key, 'getText');
    return this.session((session) => session.getText(key));
  }

  /**
   * Creates an entry; fails if the key exists.
   *
   * @param key The key.
   * @param value Bytes, or text stored as UTF-8; at most 5000 bytes.
   * @returns Nothing; resolves once written.
   * @throws {SecureStoreEntryExistsError} When an entry with this key exists.
   * @throws {InputValidationError} When the key or value breaks a size limit.
   * @throws {StorageError} As `get()`.
   */
  async create(key: string, value: SecureStoreValue): Promise<void> {
    checkKey(key, 'create');
    checkValue(value, 'create');
    return this.session((session) => session.create(key, value));
  }

  /**
   * Writes an entry, replacing any (DELETE and INSERT in one transaction).
   *
   * @param key The key.
   * @param value Bytes, or text stored as UTF-8; at most 5000 bytes.
   * @returns Nothing; resolves once committed.
   * @throws {InputValidationError} When the key or value breaks a size limit.
   * @throws {StorageError} As `get()`.
   */
  async set(key: string, value: SecureStoreValue): Promise<void> {
    checkKey(key, 'set');
    checkValue(value, 'set');
    return this.session((session) => session.set(key, value));
  }

  /**
   * Deletes an entry; deleting a missing key succeeds.
   *
   * @param key The key.
   * @returns Nothing.
   * @throws {InputValidationError} When the key is empty or too long.
   * @throws {StorageError} As `get()`.
   */
  async delete(key: string): Promise<void> {
    checkKey(key, 'delete');
    return this.session((session) => session.delete(key));
  }

  /**
   * Runs several operations on one connection, closed afterwards whatever happens.
   *
   * @param work Gets the session and returns a promise.
   * @returns What `work` resolves with.
   * @throws {StorageError} When connecting fails (mapped as for `get()`), or what `work` throws.
   * @example
   * ```ts
   * const [user, password] = await store.session(async (session) => [
   *   await session.getText('user'),
   *   await session.getText('password'),
   * ]);
   * ```
   */
  async session<T>(work: (session: HanaSecureStoreSession) => Promise<T>): Promise<T> {
    const connection = await this.#connect();
    try {
      const { storeName, forApplicationUser } = this.#options;
      return await work(new HanaSecureStoreSession(connection, { storeName, forApplicationUser }));
    } finally {
      // The interface says close never throws; a custom driver's failure must not hide the result.
      await connection.close().catch(() => undefined);
    }
  }

  async #connect(): Promise<SecureStoreConnection> {
    try {
      const driver = await this.#loadDriver();
      return await driver.connect(this.#options.settings);
    } catch (error) {
      throw mapDriverError(error, 'connect');
    }
  }

  #loadDriver(): Promise<SecureStoreDriver> {
    if (this.#driver === undefined) {
      // A driver object was stored by the constructor; here it is a name or `auto`.
      const choice = this.#options.driver as HanaDriverChoice;
      const loading = loadDriver(choice).then((driver) => {
        this.#driverName = driver.name;
        return driver;
      });
      // A failed load is not remembered: installing the driver must not need a new store.
      loading.catch(() => {
        this.#driver = undefined;
      });
      this.#driver = loading;
    }
    return this.#driver;
  }
}
