import {
  StorageAuthenticationError,
  StorageConfigValidationError,
  StorageError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { mapDriverError } from '../../src/hana/map-driver-error.ts';
import { sqlError } from '../support/memory-secure-store.ts';

const SECRET = 'SECRET-in-driver-message-31a';

function withCode(code: string | number, sqlState?: string): Error {
  return Object.assign(new Error(`driver says ${SECRET}`), { code, sqlState });
}

describe('mapDriverError (fact sheet §5)', () => {
  it.each([
    ['HANA 10, wrong user or password', sqlError(10, '28000', SECRET), StorageAuthenticationError],
    ['HANA 328, procedure unknown', sqlError(328, 'HY000', SECRET), StorageConfigValidationError],
    [
      'HANA 258, insufficient privilege',
      sqlError(258, 'HY000', SECRET),
      StorageConfigValidationError,
    ],
    ['hdb EHDBOPENCONN, host unreachable', withCode('EHDBOPENCONN'), StorageNetworkError],
    ['hana-client -10709, connection failed', withCode(-10709, 'HY000'), StorageNetworkError],
    ['Node ECONNREFUSED', withCode('ECONNREFUSED'), StorageNetworkError],
    ['hdb EHDBCLOSE', withCode('EHDBCLOSE'), StorageNetworkError],
    ['a connect timeout', withCode('ETIMEDOUT'), StorageNetworkError],
    ['hdb EHDBSERVERAUTH', withCode('EHDBSERVERAUTH'), StorageAuthenticationError],
    ['hdb EHDBMSGPARSE', withCode('EHDBMSGPARSE'), StorageServerResponseValidationError],
    ['hdb EHDBNOAUTHMETH', withCode('EHDBNOAUTHMETH'), StorageConfigValidationError],
    ['another SQL error (301)', sqlError(301, '23000', SECRET), StorageServerError],
    ['another string code', withCode('EHDBSOMETHING'), StorageServerError],
    ['an error without code', new Error(SECRET), StorageServerError],
    ['a thrown string', SECRET, StorageServerError],
  ])('maps %s', (_name, error, expected) => {
    const mapped = mapDriverError(error, 'get');
    expect(mapped).toBeInstanceOf(expected);
    expect(mapped.cause).toBe(error);
    expect(mapped.message).toMatch(/^SAP HANA Secure Store get\(\) failed: /);
    expect(mapped.message).not.toContain(SECRET);
    expect(String(mapped)).not.toContain(SECRET);
  });

  it('names the code and SQLSTATE, never the driver message', () => {
    expect(mapDriverError(sqlError(301, '23000', SECRET), 'create').message).toBe(
      'SAP HANA Secure Store create() failed: HANA error 301, SQLSTATE 23000',
    );
    expect(mapDriverError(sqlError(328, 'HY000', SECRET), 'get').message).toBe(
      'SAP HANA Secure Store get() failed: the secure store is not available (HANA error 328, ' +
        'SQLSTATE HY000); bind the application to a hana service instance of plan securestore',
    );
  });

  it('passes a Residency error through unchanged', () => {
    const original = new StorageError('already ours');
    expect(mapDriverError(original, 'get')).toBe(original);
  });
});
