import { describe, expect, it } from 'vitest';
import * as hana from '../../src/hana/index.ts';

describe('the public surface of @residency/secrets/hana', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(hana).sort()).toEqual([
      'DEFAULT_PROVIDER_OPTIONS',
      'DEFAULT_SECURE_STORE_OPTIONS',
      'HanaDriverName',
      'HanaSecretsProvider',
      'HanaSecureStore',
      'SECURE_STORE_LIMITS',
      'SECURE_STORE_STATEMENTS',
      'SecureStoreEntryExistsError',
      'SecureStoreProcedure',
      'secureStoreInputs',
    ]);
  });

  it('freezes its constants', () => {
    expect(Object.isFrozen(hana.SECURE_STORE_LIMITS)).toBe(true);
    expect(hana.SECURE_STORE_LIMITS).toEqual({
      valueBytes: 5000,
      keyLength: 1024,
      storeNameLength: 530,
    });
    expect(hana.SECURE_STORE_STATEMENTS.RETRIEVE).toBe(
      'CALL SYS.USER_SECURESTORE_RETRIEVE(?, ?, ?, ?)',
    );
    expect(Object.isFrozen(hana.DEFAULT_PROVIDER_OPTIONS)).toBe(true);
  });

  it('lists inputs in the procedures’ order', () => {
    const entry = { storeName: 's', forApplicationUser: false, key: 'k' };
    const value = Uint8Array.of(1);
    expect(hana.secureStoreInputs({ procedure: 'INSERT', entry, value })).toEqual([
      's',
      false,
      'k',
      value,
    ]);
    expect(hana.secureStoreInputs({ procedure: 'DELETE', entry })).toEqual(['s', false, 'k']);
  });
});
