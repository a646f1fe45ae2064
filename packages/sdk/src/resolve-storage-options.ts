// Turns what the caller gave `createStorage` into complete settings: fills options from the
// environment, checks each option's shape, then the rules between options (protocol.md §2, §5.3,
// §6.8, §10), then applies the defaults of DEFAULT_STORAGE_OPTIONS once.

import type { CustomEncryptionConfig } from '@residency/crypto';
import { StorageConfigValidationError } from '@residency/errors';
import { isPlainObject } from '@residency/protocol';
import { type SecretKeyAccessor, validateCustomEncryptionConfigs } from '@residency/secrets';
import { EncryptionType, toEncryptionType } from '@residency/storage';
import type { Logger } from '@residency/transport';
import {
  ENVIRONMENT_VARIABLES,
  type EnvironmentOption,
  environmentValue,
  type StorageEnvironment,
} from './environment.ts';
import {
  DEFAULT_STORAGE_OPTIONS,
  type HttpOptions,
  type StorageOptions,
} from './storage-options.ts';
import { parseStorageOptionsShape } from './storage-options-schema.ts';

/** How the storage authenticates: a static token, or OAuth2 client credentials. */
export type ResolvedAuth =
  | { readonly oauthToken: string }
  | { readonly clientId: string; readonly clientSecret: string };

/** The options of `createStorage` after validation, with every default applied. */
export interface ResolvedStorageOptions {
  readonly environmentId: string;
  readonly auth: ResolvedAuth;
  readonly encryption: EncryptionType;
  /** Set with `LOCAL` only: `OFF` ignores an accessor and `SSE` refuses one. */
  readonly secretKeyAccessor: SecretKeyAccessor | undefined;
  /** Empty unless `LOCAL`; validated, the caller's own objects. */
  readonly customEncryptionConfigs: readonly CustomEncryptionConfig[];
  readonly endpoint: string | undefined;
  readonly debug: boolean;
  /** Read `pt:` bodies in `LOCAL` mode. */
  readonly acceptPlaintextBodies: boolean;
  readonly logger: Logger | undefined;
  readonly httpOptions: Readonly<Required<HttpOptions>>;
  readonly authEndpoints: Readonly<Record<string, string>> | undefined;
  readonly countriesEndpoint: string | undefined;
  readonly endpointMask: string | undefined;
  readonly normalizeKeys: boolean;
  readonly hashSearchKeys: boolean;
  readonly maxAttachmentSize: number;
}

/**
 * Validates the options of `createStorage` and applies the environment and the defaults.
 *
 * @param options The caller's options.
 * @param environment Environment variables; they fill `environmentId`, `clientId`,
 *   `clientSecret` (only when no `oauthToken` is given) and `endpoint` when those are left out.
 * @returns The complete settings.
 * @throws {StorageConfigValidationError} When an option is invalid, unknown, missing, or breaks
 *   a rule between options; the message names the option, never its value.
 */
export function resolveStorageOptions(
  options: unknown,
  environment: StorageEnvironment,
): ResolvedStorageOptions {
  if (!isPlainObject(options)) {
    throw new StorageConfigValidationError('createStorage options must be an object');
  }
  const sources = new Map<string, string>();
  const filled = withEnvironment(options, environment, sources);
  const parsed = parseStorageOptionsShape(filled, (path) => sources.get(path));
  const encryption = toEncryptionType(parsed.encrypt ?? DEFAULT_STORAGE_OPTIONS.encrypt);
  const problems = [
    ...environmentIdProblems(parsed),
    ...authProblems(parsed),
    ...modeProblems(parsed, encryption),
  ];
  if (problems.length > 0) {
    throw new StorageConfigValidationError(`Invalid storage options: ${problems.join('; ')}`);
  }
  const extra = parsed.options ?? {};
  const http = extra.httpOptions ?? {};
  const defaults = DEFAULT_STORAGE_OPTIONS;
  return {
    environmentId: parsed.environmentId as string,
    auth: toAuth(parsed),
    encryption,
    secretKeyAccessor: encryption === EncryptionType.LOCAL ? parsed.secretKeyAccessor : undefined,
    customEncryptionConfigs: resolveCustomConfigs(parsed.customEncryptionConfigs, encryption),
    endpoint: parsed.endpoint,
    debug: parsed.debug ?? defaults.debug,
    acceptPlaintextBodies: parsed.acceptPlaintextBodies ?? defaults.acceptPlaintextBodies,
    logger: parsed.logger,
    httpOptions: {
      timeout: http.timeout ?? defaults.httpOptions.timeout,
      retryBaseDelay: http.retryBaseDelay ?? defaults.httpOptions.retryBaseDelay,
      retryMaxDelay: http.retryMaxDelay ?? defaults.httpOptions.retryMaxDelay,
    },
    authEndpoints: extra.authEndpoints,
    countriesEndpoint: extra.countriesEndpoint,
    endpointMask: extra.endpointMask,
    normalizeKeys: extra.normalizeKeys ?? defaults.normalizeKeys,
    hashSearchKeys: extra.hashSearchKeys ?? defaults.hashSearchKeys,
    maxAttachmentSize: extra.maxAttachmentSize ?? defaults.maxAttachmentSize,
  };
}

/**
 * Fills the options the caller left out (`undefined`) from the environment, recording which
 * variable each value came from. Client credentials from the environment are ignored when the
 * caller passes an `oauthToken`: a server's `INC_CLIENT_ID` must not break a token-based storage.
 */
function withEnvironment(
  options: Record<string, unknown>,
  environment: StorageEnvironment,
  sources: Map<string, string>,
): Record<string, unknown> {
  const filled = { ...options };
  const fill = (option: EnvironmentOption): void => {
    if (filled[option] !== undefined) return;
    const value = environmentValue(environment, option);
    if (value === undefined) return;
    filled[option] = value;
    sources.set(option, ENVIRONMENT_VARIABLES[option]);
  };
  fill('environmentId');
  fill('endpoint');
  if (options.oauthToken === undefined) {
    fill('clientId');
    fill('clientSecret');
  }
  return filled;
}

function environmentIdProblems(parsed: StorageOptions): string[] {
  return parsed.environmentId === undefined
    ? [`environmentId is required: pass it or set ${ENVIRONMENT_VARIABLES.environmentId}`]
    : [];
}

/** Exactly one authentication: `oauthToken`, or `clientId` with `clientSecret` (§2.1). */
function authProblems(parsed: StorageOptions): string[] {
  const { clientId, clientSecret, oauthToken } = parsed;
  const { clientId: idVariable, clientSecret: secretVariable } = ENVIRONMENT_VARIABLES;
  if (oauthToken !== undefined) {
    return clientId === undefined && clientSecret === undefined
      ? []
      : ['oauthToken cannot be combined with clientId or clientSecret: pass one authentication'];
  }
  if (clientId === undefined && clientSecret === undefined) {
    return [
      'clientId and clientSecret, or oauthToken, are required ' +
        `(clientId and clientSecret may come from ${idVariable} and ${secretVariable})`,
    ];
  }
  if (clientId === undefined) {
    return [`clientId is required with clientSecret: pass it or set ${idVariable}`];
  }
  if (clientSecret === undefined) {
    return [`clientSecret is required with clientId: pass it or set ${secretVariable}`];
  }
  return [];
}

/** The rules of each encryption mode (protocol.md §5.3, §6.8, §10). */
function modeProblems(parsed: StorageOptions, encryption: EncryptionType): string[] {
  const problems: string[] = [];
  if (encryption === EncryptionType.LOCAL && parsed.secretKeyAccessor === undefined) {
    problems.push(
      'secretKeyAccessor is required when encrypt is LOCAL (the default); ' +
        'pass encrypt: EncryptionType.OFF to store records unencrypted',
    );
  }
  if (encryption === EncryptionType.SSE) {
    // SSE hashes, normalizes and encrypts nothing on the client, so these could only mislead.
    if (parsed.secretKeyAccessor !== undefined) {
      problems.push('secretKeyAccessor is not allowed when encrypt is SSE: the server encrypts');
    }
    for (const option of ['normalizeKeys', 'hashSearchKeys'] as const) {
      if (parsed.options?.[option] !== undefined) {
        problems.push(
          `options.${option} is not allowed when encrypt is SSE: nothing is hashed or ` +
            'normalized on the client',
        );
      }
    }
  }
  return problems;
}

function toAuth(parsed: StorageOptions): ResolvedAuth {
  if (parsed.oauthToken !== undefined) return { oauthToken: parsed.oauthToken };
  return { clientId: parsed.clientId as string, clientSecret: parsed.clientSecret as string };
}

/** Validates the configs; only `LOCAL` encrypts, so only `LOCAL` may have them (§6.8, §10). */
function resolveCustomConfigs(
  configs: unknown,
  encryption: EncryptionType,
): readonly CustomEncryptionConfig[] {
  if (configs === undefined) return [];
  const validated = validateCustomEncryptionConfigs(configs);
  if (validated.length > 0 && encryption !== EncryptionType.LOCAL) {
    throw new StorageConfigValidationError(
      `Invalid storage options: customEncryptionConfigs need encrypt LOCAL, not ${encryption}`,
    );
  }
  return validated;
}
