import { Cipher } from '@residency/crypto';
import { checkCustomEncryption } from '@residency/secrets';
import { EncryptionType, RecordCodec } from '@residency/storage';
import { createTransport, type Transport } from '@residency/transport';
import { processEnvironment, type StorageEnvironment } from './environment.ts';
import { type ResolvedStorageOptions, resolveStorageOptions } from './resolve-storage-options.ts';
import { Storage } from './storage.ts';
import type { StorageOptions } from './storage-options.ts';
import { USER_AGENT } from './version.ts';

/**
 * Creates a `Storage`, checking everything that can be checked before the first request: every
 * option, the secrets (one call of the accessor's provider) and every custom cipher (a round
 * trip of `'incountry'` with each custom secret). Options left out are read from the environment
 * variables `INC_ENVIRONMENT_ID`, `INC_CLIENT_ID`, `INC_CLIENT_SECRET` (both only without
 * `oauthToken`) and `INC_ENDPOINT`; empty variables count as unset. Sends no request.
 *
 * @param options The seed's storage options, camelCase (see `StorageOptions`).
 * @param environment The environment variables to read; default `process.env` where it exists
 *   (read through `globalThis`, so browsers get none). Pass `{}` to ignore the environment.
 * @returns The storage.
 * @throws {StorageConfigValidationError} An option is invalid, unknown or missing, options
 *   conflict (e.g. `oauthToken` with `clientSecret`, `SSE` with `secretKeyAccessor`), or a custom
 *   cipher fails its start-up round trip. The message names the option, never its value.
 * @throws {SecretsProviderError} The accessor's provider threw or rejected (`cause` is what it
 *   threw).
 * @throws {SecretsValidationError} The accessor's secrets data is invalid.
 * @example
 * ```ts
 * import { createStorage, EncryptionType, SecretKeyAccessor } from '@residency/sdk';
 *
 * const storage = await createStorage({
 *   environmentId: '<environment id>',
 *   clientId: '<client id>',
 *   clientSecret: '<client secret>',
 *   secretKeyAccessor: new SecretKeyAccessor(() => '<encryption secret>'),
 *   encrypt: EncryptionType.LOCAL,
 *   options: { httpOptions: { timeout: 10_000 } },
 * });
 * ```
 */
export async function createStorage(
  options: StorageOptions,
  environment: StorageEnvironment = processEnvironment(),
): Promise<Storage> {
  const settings = resolveStorageOptions(options, environment);
  const codec = createCodec(settings);
  const transport = createStorageTransport(settings);
  // The secrets last: every synchronous check has passed, so a provider that calls a vault is
  // only called for a storage that can otherwise be built.
  const accessor = settings.secretKeyAccessor;
  if (accessor !== undefined) {
    await accessor.validate();
    await checkCustomEncryption(settings.customEncryptionConfigs, accessor);
  }
  return new Storage({
    transport,
    codec,
    debug: settings.debug,
    logger: settings.logger,
    secretKeyAccessor: accessor,
    maxAttachmentSize: settings.maxAttachmentSize,
  });
}

function createCodec(settings: ResolvedStorageOptions): RecordCodec {
  const { encryption, secretKeyAccessor, customEncryptionConfigs } = settings;
  // LOCAL encrypts with the accessor's secrets; OFF writes `pt:` bodies with a secret-less
  // cipher; SSE leaves bodies to the server and needs no cipher.
  const cipher =
    encryption === EncryptionType.SSE
      ? undefined
      : new Cipher({
          ...(secretKeyAccessor === undefined ? {} : { secrets: secretKeyAccessor }),
          customEncryptionConfigs,
        });
  return new RecordCodec({
    environmentId: settings.environmentId,
    encryption,
    normalizeKeys: settings.normalizeKeys,
    hashSearchKeys: settings.hashSearchKeys,
    cipher,
    acceptPlaintextBodies: settings.acceptPlaintextBodies,
  });
}

function createStorageTransport(settings: ResolvedStorageOptions): Transport {
  return createTransport({
    environmentId: settings.environmentId,
    ...settings.auth,
    endpoint: settings.endpoint,
    endpointMask: settings.endpointMask,
    countriesEndpoint: settings.countriesEndpoint,
    authEndpoints: settings.authEndpoints,
    timeout: settings.httpOptions.timeout,
    retryBaseDelay: settings.httpOptions.retryBaseDelay,
    retryMaxDelay: settings.httpOptions.retryMaxDelay,
    logger: settings.logger,
    userAgent: USER_AGENT,
  });
}
