import type { HanaConnectionSettings } from './hana-connection-settings.ts';
import type { SecureStoreCall } from './secure-store-call.ts';

/**
 * One open database connection that runs secure-store calls. `HanaSecureStore` opens one per
 * operation and closes it afterwards. Implementations throw the driver's own errors;
 * `HanaSecureStore` translates them into the Residency error tree.
 */
export interface SecureStoreConnection {
  /**
   * Runs one procedure call.
   *
   * @param call The procedure and its inputs.
   * @returns RETRIEVE's OUT value `VALUE`: the bytes, or `null` when the key does not exist;
   *   `null` for INSERT and DELETE.
   */
  call(call: SecureStoreCall): Promise<Uint8Array | null>;
  /** Turns autocommit off: later calls belong to one transaction until `commit` or `rollback`. */
  begin(): Promise<void>;
  /** Commits the transaction and turns autocommit back on. */
  commit(): Promise<void>;
  /** Rolls the transaction back and turns autocommit back on. */
  rollback(): Promise<void>;
  /** Disconnects; never throws, since the work is done by then. */
  close(): Promise<void>;
}

/**
 * A way to connect to SAP HANA. The package brings one for `hdb` and one for
 * `@sap/hana-client`; give your own to `HanaSecureStore` for pooling or testing.
 */
export interface SecureStoreDriver {
  /** Names the driver, e.g. `hdb`; shown by `HanaSecureStore.target`. */
  readonly name: string;
  /**
   * Opens a connection.
   *
   * @param settings Where and how to connect.
   * @returns The open connection, autocommit on.
   */
  connect(settings: HanaConnectionSettings): Promise<SecureStoreConnection>;
}
