// The public surface: everything a user imports comes from @residency/sdk, and the error tree
// is the one the layers below throw.

import * as errors from '@residency/errors';
import { describe, expect, expectTypeOf, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import * as sdkNode from '../src/index.node.ts';
import * as sdk from '../src/index.ts';

describe('@residency/sdk exports', () => {
  it('lists exactly the public values', () => {
    expect(Object.keys(sdk).sort()).toEqual(
      [
        'DEFAULT_STORAGE_OPTIONS',
        'ENVIRONMENT_VARIABLES',
        'EncryptionType',
        'INT64_MAX',
        'INT64_MIN',
        'InputValidationError',
        'SecretKeyAccessor',
        'SecretsProviderError',
        'SecretsValidationError',
        'SortOrder',
        'Storage',
        'StorageAuthenticationError',
        'StorageClientError',
        'StorageConfigValidationError',
        'StorageCountryNotSupportedError',
        'StorageCryptoError',
        'StorageError',
        'StorageNetworkError',
        'StorageServerError',
        'StorageServerResponseValidationError',
        'USER_AGENT',
        'VERSION',
        'createStorage',
        'isInt64',
        'isStorageError',
        'parseJson',
        'readAttachmentBytes',
        'stringifyJson',
      ].sort(),
    );
  });

  it('gives applications the exact JSON codec of int64 range keys', () => {
    const text = sdk.stringifyJson({ rangeKey1: sdk.INT64_MAX, rangeKey2: 5 });
    expect(text).toBe('{"rangeKey1":9223372036854775807,"rangeKey2":5}');
    expect(sdk.parseJson(text)).toEqual({ rangeKey1: 2n ** 63n - 1n, rangeKey2: 5 });
    expect(sdk.isInt64(sdk.INT64_MIN)).toBe(true);
    expect(sdk.isInt64(sdk.INT64_MAX + 1n)).toBe(false);
  });

  it('gives the Node entry the same names plus toNodeReadable', () => {
    expect(Object.keys(sdkNode).sort()).toEqual([...Object.keys(sdk), 'toNodeReadable'].sort());
    expect(sdkNode.Storage).toBe(sdk.Storage);
  });

  it('re-exports every error class of @residency/errors, the same classes', () => {
    const exported = new Map<string, unknown>(Object.entries(sdk));
    for (const [name, value] of Object.entries(errors))
      expect(exported.get(name), name).toBe(value);
  });

  it('keeps the seed tree', () => {
    const { StorageError, StorageClientError, StorageServerError } = sdk;
    for (const ClientError of [
      sdk.StorageConfigValidationError,
      sdk.SecretsProviderError,
      sdk.SecretsValidationError,
      sdk.InputValidationError,
    ]) {
      expect(new ClientError('x')).toBeInstanceOf(StorageClientError);
    }
    for (const ServerError of [
      sdk.StorageAuthenticationError,
      sdk.StorageCountryNotSupportedError,
      sdk.StorageNetworkError,
      sdk.StorageServerResponseValidationError,
    ]) {
      expect(new ServerError('x')).toBeInstanceOf(StorageServerError);
    }
    expect(new sdk.StorageCryptoError('x')).toBeInstanceOf(StorageError);
    expect(sdk.isStorageError(new sdk.StorageCryptoError('x'))).toBe(true);
    expect(sdk.isStorageError(new Error('x'))).toBe(false);
  });

  it('has the seed enums', () => {
    expect(sdk.EncryptionType).toEqual({ LOCAL: 'LOCAL', SSE: 'SSE', OFF: 'OFF' });
    expect(sdk.SortOrder).toEqual({ ASC: 'asc', DESC: 'desc' });
    expect(Object.isFrozen(sdk.EncryptionType)).toBe(true);
  });

  it('reads the environment variables of the seed', () => {
    expect(Object.values(sdk.ENVIRONMENT_VARIABLES).sort()).toEqual([
      'INC_CLIENT_ID',
      'INC_CLIENT_SECRET',
      'INC_ENDPOINT',
      'INC_ENVIRONMENT_ID',
    ]);
  });

  it('reports the version of package.json in the User-Agent', () => {
    expect(sdk.VERSION).toBe(packageJson.version);
    expect(sdk.USER_AGENT).toBe(`SDK-Residency/${packageJson.version}`);
  });

  it('types createStorage and the options', () => {
    expectTypeOf(sdk.createStorage).returns.resolves.toEqualTypeOf<sdk.Storage>();
    expectTypeOf<sdk.StorageOptions['encrypt']>().toEqualTypeOf<
      sdk.EncryptionType | boolean | undefined
    >();
    expectTypeOf<Parameters<sdk.Storage['find']>>().toEqualTypeOf<
      [string, sdk.FindFilter?, sdk.FindOptionsInput?, sdk.RequestOptionsInput?]
    >();
  });
});
