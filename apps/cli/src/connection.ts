// Turns flags, a credentials file and `INC_*` variables into a ready `Storage`. Secrets (the
// client secret and the encryption secret) are accepted only from files and environment
// variables, never as argv values: argv is visible to every local user (`ps`, /proc) and is
// kept in shell history. Later sources lose: flag, then `--credentials`, then the environment.
import {
  createStorage,
  EncryptionType,
  SecretKeyAccessor,
  type SecretKeyAccessorValue,
  type Storage,
  type StorageOptions,
} from '@residency/sdk';
import * as v from 'valibot';
import {
  booleanFlag,
  type FlagSpecs,
  type FlagValues,
  readTextFile,
  stringFlag,
} from './arguments.ts';
import { CliError, ExitCode } from './exit-codes.ts';

/** The connection flags every storage command takes. */
export const CONNECTION_FLAGS: FlagSpecs = {
  credentials: { type: 'string' },
  'environment-id': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-file': { type: 'string' },
  // Declared only to refuse it with a helpful message (see the header comment).
  'client-secret': { type: 'string' },
  endpoint: { type: 'string' },
  'auth-endpoint': { type: 'string' },
  'countries-endpoint': { type: 'string' },
  'secret-file': { type: 'string' },
  sse: { type: 'boolean' },
  'plain-search-keys': { type: 'boolean' },
};

/** The environment variables the CLI reads. */
export type Environment = { readonly [name: string]: string | undefined };

const CredentialsSchema = v.looseObject({
  environmentId: v.optional(v.string()),
  clientId: v.optional(v.string()),
  clientSecret: v.optional(v.string()),
  endpoint: v.optional(v.string()),
  authEndpoint: v.optional(v.string()),
  countriesEndpoint: v.optional(v.string()),
});

type Credentials = v.InferOutput<typeof CredentialsSchema>;

async function readCredentials(path: string | undefined): Promise<Credentials> {
  if (path === undefined) return {};
  const text = await readTextFile(path, '--credentials', ExitCode.CONFIGURATION);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError('the --credentials file is not valid JSON', ExitCode.CONFIGURATION);
  }
  const result = v.safeParse(CredentialsSchema, parsed);
  if (!result.success) {
    const field = result.issues[0].path?.map((item) => String(item.key)).join('.') ?? 'it';
    throw new CliError(
      `the --credentials file is invalid: ${field} must be a string`,
      ExitCode.CONFIGURATION,
    );
  }
  return result.output;
}

/** Empty values count as unset, as the SDK treats `INC_ENDPOINT=`. */
function firstGiven(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value !== '');
}

/**
 * Reads the encryption secrets: secrets data JSON (`{ currentVersion, secrets }`) or a plain
 * secret, from `--secret-file`, else `INC_SECRETS_DATA` (JSON), else `INC_SECRET` (plain).
 *
 * @param values The parsed flags.
 * @param environment The environment variables.
 * @returns What to give `SecretKeyAccessor`, or `undefined` when none is configured.
 * @throws {CliError} When a file cannot be read or `INC_SECRETS_DATA` is not JSON (exit 3).
 */
export async function readEncryptionSecrets(
  values: FlagValues,
  environment: Environment,
): Promise<SecretKeyAccessorValue | undefined> {
  const file = stringFlag(values, 'secret-file');
  if (file !== undefined) {
    const text = (await readTextFile(file, '--secret-file', ExitCode.CONFIGURATION)).trim();
    // A file holding a JSON object is secrets data; anything else is one plain secret.
    return text.startsWith('{') ? parseSecretsData(text, 'the --secret-file file') : text;
  }
  const data = firstGiven(environment.INC_SECRETS_DATA);
  if (data !== undefined) return parseSecretsData(data, 'INC_SECRETS_DATA');
  return firstGiven(environment.INC_SECRET);
}

function parseSecretsData(text: string, what: string): SecretKeyAccessorValue {
  try {
    // Checked by the SDK (`SecretsValidationError`, exit 3) when the storage is created.
    return JSON.parse(text) as SecretKeyAccessorValue;
  } catch {
    throw new CliError(`${what} is not valid JSON secrets data`, ExitCode.CONFIGURATION);
  }
}

/**
 * Builds the `createStorage` options from the flags, the credentials file and the environment.
 *
 * @param values The parsed flags.
 * @param environment The environment variables.
 * @returns The options, every secret read from a file or a variable.
 * @throws {CliError} `--client-secret` given (exit 2); files unreadable or no encryption
 *   secret without `--sse` (exit 3).
 */
async function connectionOptions(
  values: FlagValues,
  environment: Environment,
): Promise<StorageOptions> {
  if (stringFlag(values, 'client-secret') !== undefined) {
    throw new CliError(
      '--client-secret is not accepted on the command line (other users can read it); use --client-secret-file FILE, INC_CLIENT_SECRET or --credentials FILE',
    );
  }
  const file = await readCredentials(stringFlag(values, 'credentials'));
  const secretFile = stringFlag(values, 'client-secret-file');
  const clientSecretFromFile =
    secretFile === undefined
      ? undefined
      : (await readTextFile(secretFile, '--client-secret-file', ExitCode.CONFIGURATION)).trim();
  const authEndpoint = firstGiven(stringFlag(values, 'auth-endpoint'), file.authEndpoint);
  const countriesEndpoint = firstGiven(
    stringFlag(values, 'countries-endpoint'),
    file.countriesEndpoint,
  );
  const sse = booleanFlag(values, 'sse');
  // key1..key20 in plain text: what searchKeys, $like and key sorts need (the SDK refuses them
  // on hashed keys). Left unset otherwise, so the SDK's default and its SSE rule apply.
  const plainSearchKeys = booleanFlag(values, 'plain-search-keys');
  const secrets = sse ? undefined : await readEncryptionSecrets(values, environment);
  if (!sse && secrets === undefined) {
    throw new CliError(
      'no encryption secret: use --secret-file FILE, INC_SECRETS_DATA or INC_SECRET (or --sse)',
      ExitCode.CONFIGURATION,
    );
  }
  return {
    environmentId: firstGiven(
      stringFlag(values, 'environment-id'),
      file.environmentId,
      environment.INC_ENVIRONMENT_ID,
    ),
    clientId: firstGiven(stringFlag(values, 'client-id'), file.clientId, environment.INC_CLIENT_ID),
    clientSecret: firstGiven(
      clientSecretFromFile,
      file.clientSecret,
      environment.INC_CLIENT_SECRET,
    ),
    endpoint: firstGiven(stringFlag(values, 'endpoint'), file.endpoint, environment.INC_ENDPOINT),
    encrypt: sse ? EncryptionType.SSE : EncryptionType.LOCAL,
    ...(secrets === undefined ? {} : { secretKeyAccessor: new SecretKeyAccessor(secrets) }),
    options: {
      ...(authEndpoint === undefined ? {} : { authEndpoints: { default: authEndpoint } }),
      ...(countriesEndpoint === undefined ? {} : { countriesEndpoint }),
      ...(plainSearchKeys ? { hashSearchKeys: false } : {}),
    },
  };
}

/**
 * Creates the storage of one run. The environment was already applied by
 * `connectionOptions`, so the SDK is given none: one place decides what wins.
 *
 * @param values The parsed flags.
 * @param environment The environment variables.
 * @returns The storage; no request has been sent yet.
 */
export async function connect(values: FlagValues, environment: Environment): Promise<Storage> {
  return createStorage(await connectionOptions(values, environment), {});
}
