// The production store of `secrets`: `HanaSecretsProvider` on a `HanaSecureStore`, whose
// connection comes from the VCAP_SERVICES binding (or default-env.json), as the provider reads
// it. Loaded with import() only when a `secrets` command runs, so the other commands never
// load the HANA code or its drivers.
import type { SecretsStoreFactory } from './secrets.ts';

/**
 * Creates the HANA-backed secrets store.
 *
 * @param settings The key, instance, store name and environment.
 * @returns The provider.
 * @throws {StorageConfigValidationError} When the binding or an option is not valid (exit 3).
 */
export const createHanaSecretsStore: SecretsStoreFactory = async (settings) => {
  const { HanaSecureStore, HanaSecretsProvider } = await import('@residency/sdk/hana');
  const store = new HanaSecureStore({
    environment: settings.environment,
    ...(settings.instanceName === undefined ? {} : { instanceName: settings.instanceName }),
    ...(settings.storeName === undefined ? {} : { storeName: settings.storeName }),
  });
  return new HanaSecretsProvider({
    store,
    ...(settings.key === undefined ? {} : { key: settings.key }),
  });
};
