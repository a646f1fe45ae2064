import { Buffer } from 'node:buffer';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { callbackPromise, outValue, withConnectTimeout } from './driver-callbacks.ts';
import type { HanaConnectionSettings } from './hana-connection-settings.ts';
import {
  SECURE_STORE_STATEMENTS,
  type SecureStoreCall,
  secureStoreInputs,
} from './secure-store-call.ts';
import type { SecureStoreConnection, SecureStoreDriver } from './secure-store-driver.ts';

// hdb (pure JavaScript, Apache-2.0) has no typings; these are the few members we use.
type HdbCallback<T = undefined> = (error: unknown, value?: T) => void;

interface HdbStatement {
  exec(values: readonly unknown[], callback: HdbCallback<Record<string, unknown>>): void;
  drop(callback: HdbCallback): void;
}

interface HdbClient {
  connect(callback: HdbCallback): void;
  prepare(command: string, callback: HdbCallback<HdbStatement>): void;
  setAutoCommit(autoCommit: boolean): void;
  commit(callback: HdbCallback): void;
  rollback(callback: HdbCallback): void;
  disconnect(callback: HdbCallback): void;
  close(): void;
}

interface HdbModule {
  createClient(options: Record<string, unknown>): HdbClient;
}

/**
 * Wraps the `hdb` module as a secure-store driver.
 *
 * @param module The module namespace of hdb.
 * @returns The driver.
 * @throws {TypeError} When the module has no `createClient`.
 */
export function createHdbDriver(module: unknown): SecureStoreDriver {
  const hdb = exportsOf(module);
  return { name: 'hdb', connect: (settings) => connectHdb(hdb, settings) };
}

function exportsOf(module: unknown): HdbModule {
  // A CommonJS module: its exports are the namespace itself or its `default`.
  for (const candidate of [module, (module as { default?: unknown } | null)?.default]) {
    if (typeof (candidate as Partial<HdbModule> | null)?.createClient === 'function') {
      return candidate as HdbModule;
    }
  }
  throw new TypeError('The hdb module has no createClient function');
}

/**
 * Translates connection settings into `hdb.createClient` options (fact sheet §7): TLS with the
 * binding's certificate as `ca`, `hosts` for failover, and session variables as
 * `SESSIONVARIABLE:<name>` options.
 *
 * @param settings The connection settings.
 * @returns The client options.
 */
export function hdbClientOptions(settings: HanaConnectionSettings): Record<string, unknown> {
  const options: Record<string, unknown> = {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    initializationTimeout: settings.connectTimeoutMilliseconds,
  };
  if (settings.hosts.length > 1) {
    options.hosts = settings.hosts.map(({ host, port }) => ({ host, port }));
  }
  const { tls } = settings;
  if (tls !== undefined) {
    options.useTLS = true;
    if (tls.ca.length > 0) options.ca = [...tls.ca];
    const expected = tls.hostnameInCertificate;
    if (expected !== undefined) {
      // Check the certificate against the expected name but keep SNI on the real host, which
      // HANA Cloud routes by.
      options.checkServerIdentity = (_host: string, certificate: PeerCertificate) =>
        checkServerIdentity(expected, certificate);
    }
    if (!tls.validateCertificate) options.rejectUnauthorized = false;
    if (tls.clientCertificate !== undefined) options.cert = tls.clientCertificate;
    if (tls.clientPrivateKey !== undefined) options.key = tls.clientPrivateKey;
  }
  for (const [name, value] of Object.entries(settings.sessionVariables)) {
    options[`SESSIONVARIABLE:${name}`] = value;
  }
  return options;
}

async function connectHdb(
  hdb: HdbModule,
  settings: HanaConnectionSettings,
): Promise<SecureStoreConnection> {
  const client = hdb.createClient(hdbClientOptions(settings));
  const connecting = callbackPromise<undefined>((callback) => client.connect(callback));
  try {
    await withConnectTimeout(connecting, settings.connectTimeoutMilliseconds, () => client.close());
  } catch (error) {
    client.close();
    throw error;
  }
  return new HdbConnection(client);
}

/** One hdb client; every call prepares its statement, executes it and drops it. */
class HdbConnection implements SecureStoreConnection {
  readonly #client: HdbClient;

  constructor(client: HdbClient) {
    this.#client = client;
  }

  async call(call: SecureStoreCall): Promise<Uint8Array | null> {
    const command = SECURE_STORE_STATEMENTS[call.procedure];
    const statement = await callbackPromise<HdbStatement>((callback) =>
      this.#client.prepare(command, callback),
    );
    try {
      // hdb refuses a string for a binary parameter (fact sheet §3): the value goes as a Buffer.
      const inputs = secureStoreInputs(call).map((input) =>
        input instanceof Uint8Array ? Buffer.from(input) : input,
      );
      const outputs = await callbackPromise<Record<string, unknown> | undefined>((callback) =>
        statement.exec(inputs, callback),
      );
      return call.procedure === 'RETRIEVE' ? outValue(outputs?.VALUE) : null;
    } finally {
      await callbackPromise<undefined>((callback) => statement.drop(callback)).catch(
        () => undefined,
      );
    }
  }

  async begin(): Promise<void> {
    this.#client.setAutoCommit(false);
  }

  async commit(): Promise<void> {
    await callbackPromise<undefined>((callback) => this.#client.commit(callback));
    this.#client.setAutoCommit(true);
  }

  async rollback(): Promise<void> {
    try {
      await callbackPromise<undefined>((callback) => this.#client.rollback(callback));
    } finally {
      this.#client.setAutoCommit(true);
    }
  }

  async close(): Promise<void> {
    try {
      await callbackPromise<undefined>((callback) => this.#client.disconnect(callback));
    } catch {
      // The work is done; a failed goodbye only needs the socket gone.
    } finally {
      this.#client.close();
    }
  }
}
