// Valid options for the tests: the fake PoP's endpoints, client credentials and a password
// secret, so each test changes only what it is about.

import { SecretKeyAccessor, type StorageOptions } from '../../src/index.ts';
import { AUTH_URL, ENDPOINT, ENVIRONMENT_ID } from './fake-pop.ts';

/** The client secret of the tests. */
export const CLIENT_SECRET = 'client-secret-5f0c1d';
/** The encryption password of the tests. */
export const PASSWORD = 'password-for-the-sdk-tests';

/**
 * Options that `createStorage` accepts: LOCAL mode, client credentials, the fake PoP.
 *
 * @param overrides Options to replace or add (`undefined` removes one).
 * @returns The options.
 */
export function validOptions(overrides: Record<string, unknown> = {}): StorageOptions {
  const options: Record<string, unknown> = {
    environmentId: ENVIRONMENT_ID,
    clientId: 'client-id',
    clientSecret: CLIENT_SECRET,
    secretKeyAccessor: new SecretKeyAccessor(() => PASSWORD),
    endpoint: ENDPOINT,
    options: { authEndpoints: { default: AUTH_URL } },
    ...overrides,
  };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) delete options[key];
  }
  return options as StorageOptions;
}

/** No environment variables: tests never see the machine's `INC_*`. */
export const NO_ENV: Readonly<Record<string, string | undefined>> = Object.freeze({});
