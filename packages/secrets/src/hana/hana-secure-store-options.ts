import { StorageConfigValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describeIssues } from '../issues.ts';
import { type HanaConnectionSettings, toConnectionSettings } from './hana-connection-settings.ts';
import { type HanaCredentialsInput, parseHanaCredentials } from './hana-credentials.ts';
import type { HanaDriverChoice } from './load-driver.ts';
import { optionsMessage } from './options-message.ts';
import { selectSecureStoreBinding } from './secure-store-binding.ts';
import type { SecureStoreDriver } from './secure-store-driver.ts';
import { SECURE_STORE_LIMITS } from './secure-store-limits.ts';
import { type Environment, readVcapServices } from './vcap-services-source.node.ts';

/** Options of `new HanaSecureStore()`; every one may be left out. */
export interface HanaSecureStoreOptions {
  /**
   * Credentials given directly (the fields of a binding's `credentials`). Without them the
   * `securestore` binding is read from `VCAP_SERVICES`.
   */
  readonly credentials?: HanaCredentialsInput | undefined;
  /** The service instance to use when several `securestore` instances are bound. */
  readonly instanceName?: string | undefined;
  /** The environment variables to read; default `process.env`, read in the constructor. */
  readonly environment?: Environment | undefined;
  /**
   * SAP tools' local-development file of variables, read when neither `VCAP_SERVICES` nor
   * `VCAP_SERVICES_FILE_PATH` is set; default `default-env.json` in the working directory.
   * `false` never reads one.
   */
  readonly defaultEnvFile?: string | false | undefined;
  /** `STORE_NAME`, the namespace of the entries (≤ 530 characters); default `residency`. */
  readonly storeName?: string | undefined;
  /**
   * `FOR_XS_APPLICATIONUSER`: `false` (default) keeps entries under the binding's technical
   * user; `true` under the signed-in application user, which needs `applicationUserToken`.
   */
  readonly forApplicationUser?: boolean | undefined;
  /** The application user's token, set as session variable `XS_APPLICATIONUSER`. */
  readonly applicationUserToken?: string | undefined;
  /**
   * `auto` (default: hdb if installed, else @sap/hana-client), `hdb`, `@sap/hana-client`, or
   * your own `SecureStoreDriver`.
   */
  readonly driver?: HanaDriverChoice | SecureStoreDriver | undefined;
  /** How long to wait for a connection to open, in milliseconds; default 30 000. */
  readonly connectTimeoutMilliseconds?: number | undefined;
}

/** The store options after validation and defaults. */
export interface ResolvedSecureStoreOptions {
  /** How to connect. */
  readonly settings: HanaConnectionSettings;
  /** The binding's instance name, when read from `VCAP_SERVICES`. */
  readonly instanceName: string | undefined;
  /** `STORE_NAME`. */
  readonly storeName: string;
  /** `FOR_XS_APPLICATIONUSER`. */
  readonly forApplicationUser: boolean;
  /** The driver to load, or the one given. */
  readonly driver: HanaDriverChoice | SecureStoreDriver;
}

/** The defaults of `HanaSecureStoreOptions`. */
export const DEFAULT_SECURE_STORE_OPTIONS: {
  readonly storeName: string;
  readonly defaultEnvFile: string;
  readonly connectTimeoutMilliseconds: number;
} = Object.freeze({
  storeName: 'residency',
  defaultEnvFile: 'default-env.json',
  connectTimeoutMilliseconds: 30_000,
});

const TEXT_RULE = 'must be a non-empty string';
const STORE_NAME_RULE = `must be a non-empty string of at most ${SECURE_STORE_LIMITS.storeNameLength} characters`;
const DRIVER_RULE = 'must be "auto", "hdb", "@sap/hana-client" or an object with connect()';
const text = () => v.optional(v.pipe(v.string(TEXT_RULE), v.minLength(1, TEXT_RULE)));

const OptionsSchema = v.strictObject(
  {
    credentials: v.optional(v.unknown()),
    instanceName: text(),
    environment: v.optional(v.custom<Environment>(isObject, 'must be an object of variables')),
    defaultEnvFile: v.optional(
      v.union([v.pipe(v.string(), v.minLength(1)), v.literal(false)], 'must be a path or false'),
      DEFAULT_SECURE_STORE_OPTIONS.defaultEnvFile,
    ),
    storeName: v.optional(
      v.pipe(
        v.string(STORE_NAME_RULE),
        v.minLength(1, STORE_NAME_RULE),
        v.maxLength(SECURE_STORE_LIMITS.storeNameLength, STORE_NAME_RULE),
      ),
      DEFAULT_SECURE_STORE_OPTIONS.storeName,
    ),
    forApplicationUser: v.optional(v.boolean('must be a boolean'), false),
    applicationUserToken: text(),
    driver: v.optional(
      v.union(
        [
          v.picklist(['auto', 'hdb', '@sap/hana-client'], DRIVER_RULE),
          v.custom<SecureStoreDriver>(isDriver, DRIVER_RULE),
        ],
        DRIVER_RULE,
      ),
      'auto',
    ),
    connectTimeoutMilliseconds: v.optional(
      v.pipe(
        v.number('must be a positive integer'),
        v.safeInteger('must be a positive integer'),
        v.minValue(1, 'must be a positive integer'),
      ),
      DEFAULT_SECURE_STORE_OPTIONS.connectTimeoutMilliseconds,
    ),
  },
  optionsMessage('must be an object of options'),
);

type ParsedOptions = v.InferOutput<typeof OptionsSchema>;

/**
 * Validates the store options, applies the defaults and finds the credentials: those given,
 * else the `securestore` binding of `VCAP_SERVICES` (or its file, or `default-env.json`).
 *
 * @param options The options as the user gave them.
 * @returns The resolved options.
 * @throws {StorageConfigValidationError} When an option breaks a rule, options conflict, no
 *   binding is found, or the credentials are invalid. Messages name options, never values.
 */
export function resolveSecureStoreOptions(options: unknown): ResolvedSecureStoreOptions {
  const result = v.safeParse(OptionsSchema, options ?? {});
  if (!result.success) {
    const details = describeIssues(result.issues, { root: 'options' });
    throw new StorageConfigValidationError(`Invalid HANA secure store options: ${details}`);
  }
  const parsed = result.output;
  checkConflicts(parsed);
  const { credentials, instanceName } = findCredentials(parsed);
  const settings = toConnectionSettings(credentials, {
    applicationUserToken: parsed.forApplicationUser ? parsed.applicationUserToken : undefined,
    connectTimeoutMilliseconds: parsed.connectTimeoutMilliseconds,
  });
  return {
    settings,
    instanceName,
    storeName: parsed.storeName,
    forApplicationUser: parsed.forApplicationUser,
    driver: parsed.driver,
  };
}

function checkConflicts(parsed: ParsedOptions): void {
  const problems: string[] = [];
  if (parsed.credentials !== undefined && parsed.instanceName !== undefined) {
    problems.push('instanceName selects a binding and cannot be combined with credentials');
  }
  if (parsed.forApplicationUser && parsed.applicationUserToken === undefined) {
    problems.push(
      'forApplicationUser: true needs applicationUserToken (set as XS_APPLICATIONUSER)',
    );
  }
  if (!parsed.forApplicationUser && parsed.applicationUserToken !== undefined) {
    problems.push('applicationUserToken is only used with forApplicationUser: true');
  }
  if (problems.length > 0) {
    throw new StorageConfigValidationError(
      `Invalid HANA secure store options: ${problems.join('; ')}`,
    );
  }
}

function findCredentials(parsed: ParsedOptions) {
  if (parsed.credentials !== undefined) {
    return {
      credentials: parseHanaCredentials(parsed.credentials, 'credentials'),
      instanceName: undefined,
    };
  }
  const environment = parsed.environment ?? processEnvironment();
  const found = readVcapServices({ environment, defaultEnvFile: parsed.defaultEnvFile });
  if (found === undefined) {
    throw new StorageConfigValidationError(
      'No SAP HANA credentials: pass credentials, or bind a hana service of plan securestore ' +
        '(VCAP_SERVICES, VCAP_SERVICES_FILE_PATH or default-env.json)',
    );
  }
  return selectSecureStoreBinding(found.value, parsed.instanceName, found.origin);
}

function processEnvironment(): Environment {
  return (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function isDriver(value: unknown): boolean {
  return isObject(value) && typeof (value as { connect?: unknown }).connect === 'function';
}
