// Helpers for HanaSecretsProvider tests: a provider over the in-memory driver, and reading
// what it stored.

import {
  HanaSecretsProvider,
  type HanaSecretsProviderOptions,
  HanaSecureStore,
} from '../../src/hana/index.ts';
import { MemoryDriver, type MemoryDriverOptions } from './memory-driver.ts';
import { CREDENTIALS } from './stores.ts';

/** A provider and what it runs on. */
export interface ProviderFixture {
  readonly provider: HanaSecretsProvider;
  readonly store: HanaSecureStore;
  readonly driver: MemoryDriver;
}

/** A provider over a fresh (or the given) in-memory store. */
export function memoryProvider(
  options: Omit<HanaSecretsProviderOptions, 'store'> = {},
  driverOptions: MemoryDriverOptions = {},
): ProviderFixture {
  const driver = new MemoryDriver(driverOptions);
  const store = new HanaSecureStore({ credentials: CREDENTIALS, driver });
  return { provider: new HanaSecretsProvider({ store, ...options }), store, driver };
}

const decoder = new TextDecoder();

/** The JSON stored under a key of store `residency`, or undefined. */
export function storedJson(driver: MemoryDriver, key: string): unknown {
  const bytes = driver.store.peek('residency', false, key);
  return bytes === undefined ? undefined : JSON.parse(decoder.decode(bytes));
}

/** How many connections the driver has opened. */
export function reads(driver: MemoryDriver): number {
  return driver.connects.length;
}
