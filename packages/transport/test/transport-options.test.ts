import { StorageConfigValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { createTransport, DEFAULT_TRANSPORT_OPTIONS, type TransportOptions } from '../src/index.ts';
import { BASE_OPTIONS } from './support.ts';

const SECRET = 'top-secret-value';

function configError(options: unknown): StorageConfigValidationError {
  try {
    createTransport(options as TransportOptions);
  } catch (error) {
    if (error instanceof StorageConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected StorageConfigValidationError');
}

describe('transport options', () => {
  it('keeps the protocol defaults in one object', () => {
    expect(DEFAULT_TRANSPORT_OPTIONS).toMatchObject({
      endpointMask: '-mt-01.api.incountry.io',
      countriesEndpoint: 'https://portal-backend.incountry.com/countries',
      countriesCacheTtl: 300_000,
      timeout: 30_000,
      retryBaseDelay: 1_000,
      retryMaxDelay: 32_000,
      authEndpoints: {
        apac: 'https://auth-apac.incountry.com/oauth2/token',
        emea: 'https://auth-emea.incountry.com/oauth2/token',
        default: 'https://auth-emea.incountry.com/oauth2/token',
      },
    });
    expect(Object.isFrozen(DEFAULT_TRANSPORT_OPTIONS)).toBe(true);
  });

  it.each([
    ['environmentId', { ...BASE_OPTIONS, environmentId: '' }, 'environmentId: must not be empty'],
    ['no authentication', { environmentId: 'env' }, 'one authentication is required'],
    ['clientId alone', { environmentId: 'env', clientId: 'id' }, 'clientSecret: required'],
    ['clientSecret alone', { environmentId: 'env', clientSecret: SECRET }, 'clientId: required'],
    [
      'oauthToken with credentials',
      { ...BASE_OPTIONS, oauthToken: SECRET },
      'oauthToken: cannot be combined',
    ],
    [
      'authEndpoints without default',
      { ...BASE_OPTIONS, authEndpoints: { emea: 'https://auth.test' } },
      'authEndpoints: must contain a "default" entry',
    ],
    [
      'a non-http auth endpoint',
      { ...BASE_OPTIONS, authEndpoints: { default: 'ftp://auth.test' } },
      'authEndpoints.default: must be an http(s) URL',
    ],
    ['a bad endpoint', { ...BASE_OPTIONS, endpoint: 'localhost:8080' }, 'endpoint: must be'],
    ['a zero timeout', { ...BASE_OPTIONS, timeout: 0 }, 'timeout: must be at least 1'],
    [
      'a fractional delay',
      { ...BASE_OPTIONS, retryBaseDelay: 1.5 },
      'retryBaseDelay: must be an integer',
    ],
    ['a non-function fetch', { ...BASE_OPTIONS, fetch: 'fetch' }, 'fetch: expected Function'],
    [
      'a secret of the wrong type',
      { ...BASE_OPTIONS, clientSecret: 42 },
      'clientSecret: expected string',
    ],
  ])('refuses %s, naming the field', (_case, options, fragment) => {
    const error = configError(options);

    expect(error.message).toContain(fragment);
    expect(error.message).not.toContain(SECRET);
  });

  it('accepts upper-case auth regions and an http endpoint for a local server', () => {
    expect(() =>
      createTransport({
        ...BASE_OPTIONS,
        endpoint: 'http://127.0.0.1:8080',
        authEndpoints: { DEFAULT: 'http://127.0.0.1:8080/oauth2/token' },
      }),
    ).not.toThrow();
  });
});
