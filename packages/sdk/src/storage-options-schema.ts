// The shape of `createStorage`'s options as a valibot schema. Every schema and action sets its
// own message: valibot's defaults quote the received value (`_addIssue` → `_stringify`), and
// here that value may be the client secret or the OAuth token. Only the field path and our rule
// text ever reach a message; issues are never attached to an error (they hold the input too).
// Rules between fields (auth, encryption mode) are in resolve-storage-options.ts.

import { StorageConfigValidationError } from '@residency/errors';
import { describeIssues, isPlainObject } from '@residency/protocol';
import { SecretKeyAccessor } from '@residency/secrets';
import * as v from 'valibot';
import type { StorageOptions } from './storage-options.ts';

/** The longest delay `setTimeout` accepts, in milliseconds. */
const MAX_TIMER = 2_147_483_647;

const NON_EMPTY_RULE = 'must be a non-empty string';
const URL_RULE = 'must be an http(s) URL';
const BOOLEAN_RULE = 'must be a boolean';
const DURATION_RULE = `must be a whole number of milliseconds from 1 to ${MAX_TIMER}`;
const SIZE_RULE = 'must be a whole number of bytes ≥ 1';

/** The option names at each level, for rejecting unknown ones with a hint. */
const TOP_LEVEL_OPTIONS: readonly string[] = [
  'environmentId',
  'clientId',
  'clientSecret',
  'oauthToken',
  'secretKeyAccessor',
  'endpoint',
  'encrypt',
  'debug',
  'logger',
  'customEncryptionConfigs',
  'acceptPlaintextBodies',
  'options',
];
const EXTRA_OPTIONS: readonly string[] = [
  'httpOptions',
  'authEndpoints',
  'countriesEndpoint',
  'endpointMask',
  'normalizeKeys',
  'hashSearchKeys',
  'maxAttachmentSize',
];
const HTTP_OPTIONS: readonly string[] = ['timeout', 'retryBaseDelay', 'retryMaxDelay'];

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^/\s]/i.test(value) && URL.canParse(value);
}

function hasFunctions(value: unknown, names: readonly string[]): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

/**
 * A `SecretKeyAccessor`, also one from a second copy of `@residency/secrets` (where `instanceof`
 * fails): anything with its three methods.
 */
function isSecretKeyAccessor(value: unknown): value is SecretKeyAccessor {
  return (
    value instanceof SecretKeyAccessor ||
    hasFunctions(value, ['getSecret', 'getSecrets', 'validate'])
  );
}

/** What the message of an unknown option says; snake_case names get the camelCase hint. */
function unknownOptionRule(known: readonly string[]): (key: string) => string {
  return (key) => {
    const camel = key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    return camel !== key && known.includes(camel)
      ? `is not an option (use ${camel})`
      : 'is not an option';
  };
}

/**
 * The message of a strict object schema: valibot reports a wrong type and an unknown key with
 * the object schema's own message; an unknown key is the issue whose expectation is `never`.
 */
function strictObjectMessage(
  shape: string,
  known: readonly string[],
): (issue: v.BaseIssue<unknown>) => string {
  const unknownRule = unknownOptionRule(known);
  return (issue) => {
    const last = issue.path?.at(-1);
    if (last === undefined || issue.expected !== 'never') return `must be ${shape}`;
    return unknownRule(String(last.key));
  };
}

const optionalNonEmpty = () =>
  v.optional(v.pipe(v.string(NON_EMPTY_RULE), v.nonEmpty(NON_EMPTY_RULE)));
const httpUrl = () => v.pipe(v.string(URL_RULE), v.check(isHttpUrl, URL_RULE));
const optionalBoolean = () => v.optional(v.boolean(BOOLEAN_RULE));
const optionalDuration = () =>
  v.optional(
    v.pipe(
      v.number(DURATION_RULE),
      v.safeInteger(DURATION_RULE),
      v.minValue(1, DURATION_RULE),
      v.maxValue(MAX_TIMER, DURATION_RULE),
    ),
  );

const AUTH_ENDPOINTS_SHAPE = 'an object mapping regions to http(s) URLs';

const AuthEndpointsSchema = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, `must be ${AUTH_ENDPOINTS_SHAPE}`),
  v.record(v.string(), httpUrl(), `must be ${AUTH_ENDPOINTS_SHAPE}`),
  v.check(
    (map) => Object.keys(map).some((region) => region.toLowerCase() === 'default'),
    'must contain a "default" entry',
  ),
);

const HttpOptionsSchema = v.strictObject(
  {
    timeout: optionalDuration(),
    retryBaseDelay: optionalDuration(),
    retryMaxDelay: optionalDuration(),
  },
  strictObjectMessage('an object with timeout, retryBaseDelay or retryMaxDelay', HTTP_OPTIONS),
);

const ExtraOptionsSchema = v.strictObject(
  {
    httpOptions: v.optional(HttpOptionsSchema),
    authEndpoints: v.optional(AuthEndpointsSchema),
    countriesEndpoint: v.optional(httpUrl()),
    endpointMask: optionalNonEmpty(),
    normalizeKeys: optionalBoolean(),
    hashSearchKeys: optionalBoolean(),
    maxAttachmentSize: v.optional(
      v.pipe(v.number(SIZE_RULE), v.safeInteger(SIZE_RULE), v.minValue(1, SIZE_RULE)),
    ),
  },
  strictObjectMessage('an object of extra storage options', EXTRA_OPTIONS),
);

const ENCRYPT_RULE = 'must be true, false, "LOCAL", "SSE" or "OFF"';
const LOGGER_RULE = 'must be an object with debug, info, warn and error functions';

/**
 * The shape of every option, checked one by one; an unknown option fails with its name.
 * `customEncryptionConfigs` is only passed through: `validateCustomEncryptionConfigs` checks it
 * and keeps the user's objects, whose methods may need their `this`.
 */
const StorageOptionsSchema = v.strictObject(
  {
    environmentId: optionalNonEmpty(),
    clientId: optionalNonEmpty(),
    clientSecret: optionalNonEmpty(),
    oauthToken: optionalNonEmpty(),
    secretKeyAccessor: v.optional(
      v.custom<SecretKeyAccessor>(isSecretKeyAccessor, 'must be a SecretKeyAccessor'),
    ),
    endpoint: v.optional(httpUrl()),
    encrypt: v.optional(
      v.union(
        [v.boolean(ENCRYPT_RULE), v.picklist(['LOCAL', 'SSE', 'OFF'], ENCRYPT_RULE)],
        ENCRYPT_RULE,
      ),
    ),
    debug: optionalBoolean(),
    logger: v.optional(
      v.custom((value) => hasFunctions(value, ['debug', 'info', 'warn', 'error']), LOGGER_RULE),
    ),
    customEncryptionConfigs: v.optional(v.unknown()),
    acceptPlaintextBodies: optionalBoolean(),
    options: v.optional(ExtraOptionsSchema),
  },
  strictObjectMessage('an object of storage options', TOP_LEVEL_OPTIONS),
);

/**
 * Checks the type and format of every option and rejects unknown ones.
 *
 * @param input The options, with the environment's values filled in.
 * @param sourceOf Names the environment variable a field's value came from, if it did, so the
 *   message points at it: `endpoint (from INC_ENDPOINT) must be an http(s) URL`.
 * @returns The options; nested objects copied, the accessor, logger and configs the caller's.
 * @throws {StorageConfigValidationError} When an option breaks a rule; the message names up to
 *   three fields (`options.httpOptions.timeout must be …`), never a value.
 */
export function parseStorageOptionsShape(
  input: Record<string, unknown>,
  sourceOf: (path: string) => string | undefined,
): StorageOptions {
  const result = v.safeParse(StorageOptionsSchema, input);
  if (result.success) return result.output as StorageOptions;
  const details = describeIssues(result.issues, {
    root: 'the options object',
    label: (path) => {
      const source = sourceOf(path);
      return source === undefined ? path : `${path} (from ${source})`;
    },
  });
  throw new StorageConfigValidationError(`Invalid storage options: ${details}`);
}
