import { Buffer } from 'node:buffer';
import { StorageConfigValidationError } from '@residency/errors';
import { callbackPromise, outValue, withConnectTimeout } from './driver-callbacks.ts';
import type { HanaConnectionSettings } from './hana-connection-settings.ts';
import {
  SECURE_STORE_STATEMENTS,
  type SecureStoreCall,
  secureStoreInputs,
} from './secure-store-call.ts';
import type { SecureStoreConnection, SecureStoreDriver } from './secure-store-driver.ts';

// @sap/hana-client (official, native) ships typings, but it is an optional peer that may be
// absent when this package is built; these are the few members we use.
type HanaCallback<T = undefined> = (error: unknown, value?: T) => void;

interface HanaStatement {
  exec(values: readonly unknown[], callback: HanaCallback<unknown>): void;
  getParameterValue(index: number): unknown;
  drop(callback: HanaCallback): void;
}

interface HanaConnection {
  connect(options: Record<string, unknown>, callback: HanaCallback): void;
  prepare(command: string, callback: HanaCallback<HanaStatement>): void;
  setAutoCommit(autoCommit: boolean): void;
  commit(callback: HanaCallback): void;
  rollback(callback: HanaCallback): void;
  disconnect(callback: HanaCallback): void;
}

interface HanaClientModule {
  createConnection(): HanaConnection;
}

/** RETRIEVE's fourth parameter, `VALUE`, counted from 0 (fact sheet §7, method A). */
const VALUE_PARAMETER_INDEX = 3;

/**
 * Wraps the `@sap/hana-client` module as a secure-store driver.
 *
 * @param module The module namespace of @sap/hana-client.
 * @returns The driver.
 * @throws {TypeError} When the module has no `createConnection`.
 */
export function createHanaClientDriver(module: unknown): SecureStoreDriver {
  const hana = exportsOf(module);
  return { name: '@sap/hana-client', connect: (settings) => connectHanaClient(hana, settings) };
}

function exportsOf(module: unknown): HanaClientModule {
  for (const candidate of [module, (module as { default?: unknown } | null)?.default]) {
    if (typeof (candidate as Partial<HanaClientModule> | null)?.createConnection === 'function') {
      return candidate as HanaClientModule;
    }
  }
  throw new TypeError('The @sap/hana-client module has no createConnection function');
}

/**
 * Translates connection settings into `@sap/hana-client` connect options (fact sheet §7): with
 * TLS `encrypt`, `sslValidateCertificate`, `sslCryptoProvider: 'openssl'` and the PEM text as
 * `sslTrustStore`; several hosts as `serverNode`; session variables as `sessionVariable:<name>`.
 *
 * @param settings The connection settings.
 * @returns The connect options.
 * @throws {StorageConfigValidationError} For TLS client certificates, which only the hdb
 *   driver supports here.
 */
export function hanaClientOptions(settings: HanaConnectionSettings): Record<string, unknown> {
  const options: Record<string, unknown> = {
    user: settings.user,
    password: settings.password,
    connectTimeout: settings.connectTimeoutMilliseconds,
    encrypt: settings.tls !== undefined,
  };
  if (settings.hosts.length > 1) {
    options.serverNode = settings.hosts.map(({ host, port }) => `${host}:${port}`).join(',');
  } else {
    options.host = settings.host;
    options.port = settings.port;
  }
  const { tls } = settings;
  if (tls !== undefined) {
    if (tls.clientCertificate !== undefined || tls.clientPrivateKey !== undefined) {
      throw new StorageConfigValidationError(
        'TLS client certificates (client_authentication_certificate) need the hdb driver',
      );
    }
    options.sslValidateCertificate = tls.validateCertificate;
    options.sslCryptoProvider = 'openssl';
    if (tls.ca.length > 0) options.sslTrustStore = tls.ca.join('\n');
    if (tls.hostnameInCertificate !== undefined) {
      options.sslHostNameInCertificate = tls.hostnameInCertificate;
    }
  }
  for (const [name, value] of Object.entries(settings.sessionVariables)) {
    options[`sessionVariable:${name}`] = value;
  }
  return options;
}

async function connectHanaClient(
  hana: HanaClientModule,
  settings: HanaConnectionSettings,
): Promise<SecureStoreConnection> {
  const options = hanaClientOptions(settings);
  const connection = hana.createConnection();
  const connecting = callbackPromise<undefined>((callback) =>
    connection.connect(options, callback),
  );
  const disconnect = () => connection.disconnect(() => undefined);
  try {
    await withConnectTimeout(connecting, settings.connectTimeoutMilliseconds, disconnect);
  } catch (error) {
    disconnect();
    throw error;
  }
  return new HanaClientConnection(connection);
}

/** One hana-client connection; every call prepares its statement, executes it and drops it. */
class HanaClientConnection implements SecureStoreConnection {
  readonly #connection: HanaConnection;

  constructor(connection: HanaConnection) {
    this.#connection = connection;
  }

  async call(call: SecureStoreCall): Promise<Uint8Array | null> {
    const command = SECURE_STORE_STATEMENTS[call.procedure];
    const statement = await callbackPromise<HanaStatement>((callback) =>
      this.#connection.prepare(command, callback),
    );
    try {
      // A Buffer, never a string: hana-client would hex-decode a string (fact sheet §3).
      const inputs = secureStoreInputs(call).map((input) =>
        input instanceof Uint8Array ? Buffer.from(input) : input,
      );
      // Only the IN parameters are bound; the result is a row count, not the value.
      await callbackPromise<unknown>((callback) => statement.exec(inputs, callback));
      if (call.procedure !== 'RETRIEVE') return null;
      return outValue(statement.getParameterValue(VALUE_PARAMETER_INDEX));
    } finally {
      await callbackPromise<undefined>((callback) => statement.drop(callback)).catch(
        () => undefined,
      );
    }
  }

  async begin(): Promise<void> {
    this.#connection.setAutoCommit(false);
  }

  async commit(): Promise<void> {
    await callbackPromise<undefined>((callback) => this.#connection.commit(callback));
    this.#connection.setAutoCommit(true);
  }

  async rollback(): Promise<void> {
    try {
      await callbackPromise<undefined>((callback) => this.#connection.rollback(callback));
    } finally {
      this.#connection.setAutoCommit(true);
    }
  }

  async close(): Promise<void> {
    await callbackPromise<undefined>((callback) => this.#connection.disconnect(callback)).catch(
      () => undefined,
    );
  }
}
