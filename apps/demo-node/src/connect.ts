// The one place the demo builds a Storage: the facade's createStorage with the server's
// credentials. The secrets live in a mutable object the accessor reads on every lookup, so the
// demo can rotate them as an application reading a vault would.
import {
  createStorage,
  EncryptionType,
  SecretKeyAccessor,
  type SecretsDataInput,
  type Storage,
} from '@residency/sdk';
import type { Credentials } from '@residency/server/launch';

/** The application's secrets, changed in place by a rotation. */
export interface SecretsVault {
  data: SecretsDataInput;
}

function serverOptions(credentials: Credentials) {
  return {
    environmentId: credentials.environmentId,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    endpoint: credentials.endpoint,
    options: {
      authEndpoints: { default: credentials.authEndpoint },
      countriesEndpoint: credentials.countriesEndpoint,
    },
  };
}

/**
 * A Storage that encrypts on this side with the vault's secrets.
 *
 * @param credentials The server's credentials.
 * @param vault Where the secrets are read from, on every lookup.
 * @returns The storage.
 */
export function connect(credentials: Credentials, vault: SecretsVault): Promise<Storage> {
  return createStorage({
    ...serverOptions(credentials),
    secretKeyAccessor: new SecretKeyAccessor(() => vault.data),
  });
}

/**
 * A Storage in server-side-encryption mode: plaintext goes to the server, which encrypts it.
 *
 * @param credentials The server's credentials.
 * @returns The storage.
 */
export function connectSse(credentials: Credentials): Promise<Storage> {
  return createStorage({ ...serverOptions(credentials), encrypt: EncryptionType.SSE });
}
