import { StorageConfigValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { HanaSecureStore, type HanaSecureStoreOptions } from '../../src/hana/index.ts';
import { MemoryDriver } from '../support/memory-driver.ts';
import { CREDENTIALS, PASSWORD, renderings, thrown } from '../support/stores.ts';

function optionsError(options: Record<string, unknown>): Error {
  const all = { credentials: CREDENTIALS, driver: new MemoryDriver(), ...options };
  return thrown(() => new HanaSecureStore(all as HanaSecureStoreOptions));
}

describe('HanaSecureStore options', () => {
  it.each([
    [{ storeName: '' }, 'storeName must be a non-empty string of at most 530 characters'],
    [
      { storeName: 's'.repeat(531) },
      'storeName must be a non-empty string of at most 530 characters',
    ],
    [{ forApplicationUser: 'yes' }, 'forApplicationUser must be a boolean'],
    [
      { driver: 'odbc' },
      'driver must be "auto", "hdb", "@sap/hana-client" or an object with connect()',
    ],
    [{ connectTimeoutMilliseconds: 0 }, 'connectTimeoutMilliseconds must be a positive integer'],
    [{ storename: 'typo' }, 'storename is not an option'],
    [
      { forApplicationUser: true },
      'forApplicationUser: true needs applicationUserToken (set as XS_APPLICATIONUSER)',
    ],
    [
      { applicationUserToken: 't' },
      'applicationUserToken is only used with forApplicationUser: true',
    ],
    [
      { instanceName: 'x' },
      'instanceName selects a binding and cannot be combined with credentials',
    ],
  ])('refuses %j', (options, expected) => {
    const error = optionsError(options);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error.message).toBe(`Invalid HANA secure store options: ${expected}`);
  });

  it('accepts a 530-character store name', () => {
    const store = new HanaSecureStore({
      credentials: CREDENTIALS,
      driver: new MemoryDriver(),
      storeName: 's'.repeat(530),
    });
    expect(store.target.storeName).toHaveLength(530);
  });

  it('refuses invalid direct credentials without quoting them', () => {
    const error = optionsError({ credentials: { ...CREDENTIALS, host: 42 } });
    expect(error.message).toBe(
      'Invalid SAP HANA credentials: credentials.host must be a non-empty string',
    );
    expect(renderings(error)).not.toContain(PASSWORD);
  });

  it('accepts extra binding fields and a numeric port', () => {
    const store = new HanaSecureStore({
      credentials: { ...CREDENTIALS, port: 443, certificate: '', tags: ['x'] },
      driver: new MemoryDriver(),
    });
    // An empty certificate counts as none; port 443 still means TLS (HANA Cloud).
    expect(store.target).toMatchObject({ port: 443, tls: true });
  });

  it('lets encrypt force TLS on or off', () => {
    const on = new HanaSecureStore({
      credentials: { ...CREDENTIALS, encrypt: true },
      driver: new MemoryDriver(),
    });
    expect(on.target.tls).toBe(true);
    const off = new HanaSecureStore({
      credentials: { ...CREDENTIALS, port: 443, encrypt: false },
      driver: new MemoryDriver(),
    });
    expect(off.target.tls).toBe(false);
  });
});
