// Shared fixtures: credentials whose password is easy to find in a message, and stores over
// the in-memory driver.

import { HanaSecureStore, type HanaSecureStoreOptions } from '../../src/hana/index.ts';
import { MemoryDriver, type MemoryDriverOptions } from './memory-driver.ts';

/** A password no message may ever contain. */
export const PASSWORD = 'PASSWORD-never-in-messages-5f1c';

/** Credentials as a binding holds them: the port is a string. */
export const CREDENTIALS: Readonly<Record<string, string>> & {
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly password: string;
} = Object.freeze({
  host: 'hana.example.test',
  port: '30015',
  user: 'SBSS_TECHNICAL_USER',
  password: PASSWORD,
  schema: 'SBSS_TECHNICAL_USER',
  driver: 'com.sap.db.jdbc.Driver',
  url: 'jdbc:sap://hana.example.test:30015/',
});

/** A store over a fresh in-memory driver. */
export function memoryStore(
  options: HanaSecureStoreOptions = {},
  driverOptions: MemoryDriverOptions = {},
): { store: HanaSecureStore; driver: MemoryDriver } {
  const driver = new MemoryDriver(driverOptions);
  const store = new HanaSecureStore({ credentials: CREDENTIALS, driver, ...options });
  return { store, driver };
}

/** Awaits a promise that must reject, and returns the reason. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const reason = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(reason instanceof Error)) throw new Error('expected a rejection with an Error');
  return reason;
}

/** Calls a function that must throw, and returns what it threw. */
export function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an Error to be thrown');
}

/** Every way an error may be shown: message, String(), JSON and stack. */
export function renderings(error: Error): string {
  return [error.message, String(error), JSON.stringify(error), error.stack ?? ''].join('\n');
}
