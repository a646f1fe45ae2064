import { StorageConfigValidationError } from '@residency/errors';
import * as v from 'valibot';
import { DEFAULT_TRANSPORT_OPTIONS } from './defaults.ts';
import { describeIssues } from './issues.ts';
import { type HttpResponseInfo, type Logger, SILENT_LOGGER } from './logger.ts';

/** Options of `createTransport`; durations are milliseconds. */
export interface TransportOptions {
  /** The environment id: sent as `x-env-id` and as the OAuth `scope`. */
  environmentId: string;
  /** OAuth2 client id; needs `clientSecret`; excludes `oauthToken`. */
  clientId?: string | undefined;
  /** OAuth2 client secret; never appears in a message or log line. */
  clientSecret?: string | undefined;
  /** A static bearer token used verbatim; excludes `clientId`/`clientSecret`. */
  oauthToken?: string | undefined;
  /** Token endpoints by region; keys are lower-cased and must include `default`. */
  authEndpoints?: Record<string, string> | undefined;
  /** A fixed PoP URL (http or https); when set, the countries list is not consulted. */
  endpoint?: string | undefined;
  /** Host suffix of country PoPs, `-mt-01.api.incountry.io` by default. */
  endpointMask?: string | undefined;
  /** The countries list URL. */
  countriesEndpoint?: string | undefined;
  /** How long the countries list is cached, in milliseconds (300 000). */
  countriesCacheTtl?: number | undefined;
  /** Per-attempt timeout in milliseconds (30 000) of PoP, OAuth and countries calls. */
  timeout?: number | undefined;
  /** First delay before a retry of 429/503, in milliseconds (1 000). */
  retryBaseDelay?: number | undefined;
  /** Largest retry delay in milliseconds (32 000); the delay doubles up to it. */
  retryMaxDelay?: number | undefined;
  /** The `User-Agent` header (`SDK-Residency`). */
  userAgent?: string | undefined;
  /** The `fetch` to use; the global `fetch` at call time when omitted. */
  fetch?: typeof fetch | undefined;
  /** Receives request lines; never bodies, tokens or secrets. */
  logger?: Logger | undefined;
  /** Called with every HTTP response received (PoP, token, countries), retries included. */
  onResponse?: ((info: HttpResponseInfo) => void) | undefined;
}

/**
 * `TransportOptions` after validation, with every default applied: the one record of a
 * transport's settings, read by every request (an exchange takes a `Pick` of it).
 */
export interface ResolvedTransportOptions {
  readonly environmentId: string;
  readonly auth:
    | { readonly kind: 'static'; readonly token: string }
    | { readonly kind: 'oauth'; readonly clientId: string; readonly clientSecret: string };
  readonly authEndpoints: Readonly<Record<string, string>>;
  readonly endpoint: string | undefined;
  readonly endpointMask: string | undefined;
  readonly countriesEndpoint: string;
  readonly countriesCacheTtl: number;
  /** Per-attempt timeout in milliseconds, until the response headers arrive (an upload: idle time). */
  readonly timeout: number;
  readonly retryBaseDelay: number;
  readonly retryMaxDelay: number;
  readonly userAgent: string;
  /** The injected `fetch`, or `undefined` for the global one at call time. */
  readonly fetch: typeof fetch | undefined;
  /** Receives one line per exchange; `SILENT_LOGGER` when none was given. */
  readonly logger: Logger;
  /** Receives every response. */
  readonly onResponse: ((info: HttpResponseInfo) => void) | undefined;
}

/** The longest delay `setTimeout` accepts. */
const MAX_TIMER = 2_147_483_647;

const NonEmptySchema = v.pipe(v.string(), v.nonEmpty('must not be empty'));
const HttpUrlSchema = v.pipe(
  v.string(),
  v.check(
    (value) => /^https?:\/\/[^/\s]/i.test(value) && URL.canParse(value),
    'must be an http(s) URL',
  ),
);
const DurationSchema = (minimum: number) =>
  v.pipe(
    v.number(),
    v.integer('must be an integer number of milliseconds'),
    v.minValue(minimum, `must be at least ${minimum}`),
    v.maxValue(MAX_TIMER, `must be at most ${MAX_TIMER}`),
  );
const FunctionSchema = v.function();
const AuthEndpointsSchema = v.pipe(
  v.record(v.string(), HttpUrlSchema),
  v.transform((map) =>
    Object.fromEntries(Object.entries(map).map(([region, url]) => [region.toLowerCase(), url])),
  ),
  v.check((map) => 'default' in map, 'must contain a "default" entry'),
);

const OptionsSchema = v.object({
  environmentId: NonEmptySchema,
  clientId: v.optional(NonEmptySchema),
  clientSecret: v.optional(NonEmptySchema),
  oauthToken: v.optional(NonEmptySchema),
  authEndpoints: v.optional(AuthEndpointsSchema),
  endpoint: v.optional(HttpUrlSchema),
  endpointMask: v.optional(NonEmptySchema),
  countriesEndpoint: v.optional(HttpUrlSchema),
  countriesCacheTtl: v.optional(DurationSchema(0)),
  timeout: v.optional(DurationSchema(1)),
  retryBaseDelay: v.optional(DurationSchema(1)),
  retryMaxDelay: v.optional(DurationSchema(1)),
  userAgent: v.optional(NonEmptySchema),
  fetch: v.optional(FunctionSchema),
  logger: v.optional(
    v.object({
      debug: FunctionSchema,
      info: FunctionSchema,
      warn: FunctionSchema,
      error: FunctionSchema,
    }),
  ),
  onResponse: v.optional(FunctionSchema),
});

/**
 * Validates transport options and applies the defaults of `DEFAULT_TRANSPORT_OPTIONS`.
 *
 * @param options The options given to `createTransport`.
 * @returns The resolved options.
 * @throws {StorageConfigValidationError} An option is invalid; the message names the field,
 *   never its value.
 */
export function resolveTransportOptions(options: TransportOptions): ResolvedTransportOptions {
  const result = v.safeParse(OptionsSchema, options);
  if (!result.success) {
    throw new StorageConfigValidationError(
      `Invalid transport options: ${describeIssues(result.issues, true)}`,
    );
  }
  const parsed = result.output;
  const defaults = DEFAULT_TRANSPORT_OPTIONS;
  return {
    environmentId: parsed.environmentId,
    auth: resolveAuth(parsed),
    authEndpoints: parsed.authEndpoints ?? defaults.authEndpoints,
    endpoint: parsed.endpoint,
    endpointMask: parsed.endpointMask,
    countriesEndpoint: parsed.countriesEndpoint ?? defaults.countriesEndpoint,
    countriesCacheTtl: parsed.countriesCacheTtl ?? defaults.countriesCacheTtl,
    timeout: parsed.timeout ?? defaults.timeout,
    retryBaseDelay: parsed.retryBaseDelay ?? defaults.retryBaseDelay,
    retryMaxDelay: parsed.retryMaxDelay ?? defaults.retryMaxDelay,
    userAgent: parsed.userAgent ?? defaults.userAgent,
    // The functions are taken from the input: validation only checked their type.
    fetch: options.fetch,
    logger: options.logger ?? SILENT_LOGGER,
    onResponse: options.onResponse,
  };
}

function resolveAuth(
  parsed: v.InferOutput<typeof OptionsSchema>,
): ResolvedTransportOptions['auth'] {
  const { clientId, clientSecret, oauthToken } = parsed;
  if (oauthToken !== undefined) {
    if (clientId !== undefined || clientSecret !== undefined) {
      throw configError('oauthToken: cannot be combined with clientId/clientSecret');
    }
    return { kind: 'static', token: oauthToken };
  }
  if (clientId === undefined && clientSecret === undefined) {
    throw configError('oauthToken or clientId and clientSecret: one authentication is required');
  }
  if (clientId === undefined) throw configError('clientId: required with clientSecret');
  if (clientSecret === undefined) throw configError('clientSecret: required with clientId');
  return { kind: 'oauth', clientId, clientSecret };
}

function configError(reason: string): StorageConfigValidationError {
  return new StorageConfigValidationError(`Invalid transport options: ${reason}`);
}
