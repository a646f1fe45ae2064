import { describe, expect, it } from 'vitest';
import {
  InputValidationError,
  isStorageError,
  SecretsProviderError,
  SecretsValidationError,
  StorageAuthenticationError,
  StorageClientError,
  StorageConfigValidationError,
  StorageCountryNotSupportedError,
  StorageCryptoError,
  StorageError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '../src/index.ts';

// Each class with the chain of parents the seed's exception tree gives it.
const tree: [
  new (message: string) => Error,
  string,
  (abstract new (...args: never[]) => Error)[],
][] = [
  [StorageError, 'StorageError', [Error]],
  [StorageClientError, 'StorageClientError', [StorageError]],
  [
    StorageConfigValidationError,
    'StorageConfigValidationError',
    [StorageClientError, StorageError],
  ],
  [SecretsProviderError, 'SecretsProviderError', [StorageClientError, StorageError]],
  [SecretsValidationError, 'SecretsValidationError', [StorageClientError, StorageError]],
  [InputValidationError, 'InputValidationError', [StorageClientError, StorageError]],
  [StorageServerError, 'StorageServerError', [StorageError]],
  [
    StorageCountryNotSupportedError,
    'StorageCountryNotSupportedError',
    [StorageServerError, StorageError],
  ],
  [
    StorageServerResponseValidationError,
    'StorageServerResponseValidationError',
    [StorageServerError, StorageError],
  ],
  [StorageNetworkError, 'StorageNetworkError', [StorageServerError, StorageError]],
  [StorageAuthenticationError, 'StorageAuthenticationError', [StorageServerError, StorageError]],
  [StorageCryptoError, 'StorageCryptoError', [StorageError]],
];

describe('the error tree', () => {
  it.each(tree)('%o is named %s and extends its parents', (ErrorClass, name, parents) => {
    const error = new ErrorClass('boom');
    expect(error.name).toBe(name);
    expect(error.message).toBe('boom');
    for (const parent of parents) expect(error).toBeInstanceOf(parent);
    expect(String(error)).toBe(`${name}: boom`);
    expect(error.stack).toContain(name);
  });

  it('keeps client, server and crypto branches apart', () => {
    expect(new StorageNetworkError('x')).not.toBeInstanceOf(StorageClientError);
    expect(new InputValidationError('x')).not.toBeInstanceOf(StorageServerError);
    expect(new StorageCryptoError('x')).not.toBeInstanceOf(StorageClientError);
    expect(new StorageCryptoError('x')).not.toBeInstanceOf(StorageServerError);
  });

  it('keeps the cause', () => {
    const cause = new TypeError('socket hang up');
    expect(new StorageNetworkError('request failed', { cause }).cause).toBe(cause);
    expect(new StorageCryptoError('bad tag', { cause }).cause).toBe(cause);
    expect(new SecretsProviderError('callback threw', { cause }).cause).toBe(cause);
    expect('cause' in new StorageError('no cause')).toBe(false);
  });

  it('carries what the caller can act on for server errors', () => {
    const error = new StorageServerError('404 Not Found', {
      status: 404,
      requestId: 'req-1',
      detail: 'record not found',
    });
    expect(error).toMatchObject({ status: 404, requestId: 'req-1', detail: 'record not found' });
    const bare = new StorageAuthenticationError('refused');
    expect([bare.status, bare.requestId, bare.detail]).toEqual([undefined, undefined, undefined]);
  });

  it('names the field of an input error', () => {
    expect(new InputValidationError('must be a two-letter code', { path: 'country' }).path).toBe(
      'country',
    );
    expect(new InputValidationError('bad').path).toBeUndefined();
  });
});

describe('isStorageError', () => {
  it('recognises every class of the tree and nothing else', () => {
    for (const [ErrorClass] of tree) expect(isStorageError(new ErrorClass('x'))).toBe(true);
    for (const other of [new Error('x'), new TypeError('x'), null, undefined, 'StorageError', {}]) {
      expect(isStorageError(other)).toBe(false);
    }
  });

  it('recognises errors from a second copy of the package, where instanceof fails', async () => {
    // A query string makes vite load the module again: a separate class, as with two installs.
    const specifier = '../src/storage-error.ts?duplicate';
    const copy: typeof import('../src/storage-error.ts') = await import(
      /* @vite-ignore */ specifier
    );
    const foreign = new copy.StorageError('from another copy');
    expect(copy.StorageError).not.toBe(StorageError);
    expect(foreign).not.toBeInstanceOf(StorageError);
    expect(isStorageError(foreign)).toBe(true);
  });
});
