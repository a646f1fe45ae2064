// The server's configuration after every source is merged: checked by one valibot schema whose
// messages name the setting and the rule, never the value (a value may be a key or a URL with
// a password). Defaults live here, in the schema.

import * as v from 'valibot';
import { decodeKey } from '../keys/server-keys.ts';
import {
  DEFAULT_LIMITS,
  DEFAULT_SOCKET_LIMITS,
  type LimitSettings,
  type SocketLimitSettings,
} from '../limits/limit-settings.ts';
import { trustedProxySet } from '../limits/source-address.ts';
import { COUNTRY_CODE_PATTERN, type Country, DEFAULT_COUNTRIES } from './countries.ts';

/** The checked configuration, limits included (`LimitSettings`, `SocketLimitSettings`). */
export interface ServerConfig extends LimitSettings, SocketLimitSettings {
  /** The data folder (absolute). */
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** The served countries. */
  readonly countries: readonly Country[];
  readonly backend: 'pglite' | 'postgres';
  /** PostgreSQL: one URL, one schema per country. */
  readonly postgresUrl?: string | undefined;
  /** PostgreSQL: one URL per country (lowercase code). */
  readonly postgresUrls?: { readonly [country: string]: string } | undefined;
  /** PostgreSQL: the control plane's database (environments, clients); default `postgresUrl`. */
  readonly controlUrl?: string | undefined;
  /** Bytes. */
  readonly maxAttachmentSize: number;
  /** Bytes. */
  readonly maxJsonBodySize: number;
  /** Seconds. */
  readonly tokenTtlSeconds: number;
  readonly corsOrigins: readonly string[];
  /** Path of the TLS certificate (PEM). */
  readonly tlsCert?: string | undefined;
  /** Path of the TLS key (PEM). */
  readonly tlsKey?: string | undefined;
  /** Seconds; 0 turns purging off. */
  readonly purgeIntervalSeconds: number;
  /** Whether data access is audited (default true). */
  readonly audit: boolean;
  /** Days audit rows are kept; 0 keeps them forever. */
  readonly auditRetentionDays: number;
  readonly publicUrl?: string | undefined;
  /** Seconds SIGTERM waits for requests in progress before it cuts them. */
  readonly drainTimeoutSeconds: number;
  /** `json` or `text`; unset: text when stderr is a terminal, else json. */
  readonly logFormat?: 'json' | 'text' | undefined;
  /** The bearer token `GET /metrics` needs; unset: no token needed. */
  readonly metricsToken?: string | undefined;
  /** Base64 of 32 bytes. */
  readonly tokenSigningKey?: string | undefined;
  /** Path of a file holding the token signing key. */
  readonly tokenSigningKeyFile?: string | undefined;
  /** Base64 of 32 bytes: the signing key before a rotation, still accepted. */
  readonly tokenSigningKeyPrevious?: string | undefined;
  /** Path of a file holding the previous signing key. */
  readonly tokenSigningKeyPreviousFile?: string | undefined;
  /** Base64 of 32 bytes. */
  readonly sseKey?: string | undefined;
  /** Path of a file holding the SSE master key. */
  readonly sseKeyFile?: string | undefined;
}

/** The defaults of the settings that have one. */
export const DEFAULT_SERVER_CONFIG: {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly maxAttachmentSize: number;
  readonly maxJsonBodySize: number;
  readonly tokenTtlSeconds: number;
  readonly purgeIntervalSeconds: number;
  readonly drainTimeoutSeconds: number;
  readonly auditRetentionDays: number;
} = Object.freeze({
  dataDir: '.residency-data',
  port: 8080,
  host: '127.0.0.1',
  maxAttachmentSize: 104_857_600,
  maxJsonBodySize: 16 * 1024 * 1024,
  tokenTtlSeconds: 3600,
  purgeIntervalSeconds: 60,
  drainTimeoutSeconds: 30,
  auditRetentionDays: 365,
});

function integer(min: number, max: number): v.GenericSchema<number> {
  const rule = `must be an integer from ${min} to ${max}`;
  return v.pipe(v.number(rule), v.safeInteger(rule), v.minValue(min, rule), v.maxValue(max, rule));
}

function text(rule: string): v.GenericSchema<string> {
  return v.pipe(v.string(rule), v.minLength(1, rule));
}

const URL_RULE = 'must be an absolute URL';
const url = (protocols: RegExp): v.GenericSchema<string> =>
  v.pipe(v.string(URL_RULE), v.url(URL_RULE), v.regex(protocols, URL_RULE));

const POSTGRES_URL = /^postgres(ql)?:\/\//;
const KEY_RULE = 'must be the base64 of 32 bytes';
const ServerKeySchema = v.pipe(
  v.string(KEY_RULE),
  v.check((value) => decodeKey(value) !== undefined, KEY_RULE),
);

const CountrySchema = v.object({
  code: v.pipe(
    v.string('must be a two-letter code'),
    v.regex(COUNTRY_CODE_PATTERN, 'must be a two-letter code'),
    v.toLowerCase(),
  ),
  name: text('must be a non-empty string'),
  region: text('must be a non-empty string'),
});

const METRICS_TOKEN_RULE = 'must be at least 16 characters';

// What observability and shutdown take: how to log, who may scrape, how long to drain.
function operationEntries() {
  return {
    drainTimeoutSeconds: v.optional(integer(0, 3600), DEFAULT_SERVER_CONFIG.drainTimeoutSeconds),
    logFormat: v.optional(v.picklist(['json', 'text'], 'must be json or text')),
    metricsToken: v.optional(
      v.pipe(v.string(METRICS_TOKEN_RULE), v.minLength(16, METRICS_TOKEN_RULE)),
    ),
  };
}

const COUNTRIES_RULE = 'must be a non-empty list of countries, each served once';

const PROXY_RULE = 'must be a list of IP addresses or CIDR ranges';

function isProxyList(list: string[]): boolean {
  try {
    trustedProxySet(list);
    return true;
  } catch {
    return false;
  }
}

// The limits: whole seconds and counts, 0 meaning "off" where the README says so.
function limitEntries() {
  const count = (fallback: number, max = 1_000_000) => v.optional(integer(0, max), fallback);
  const { trustedProxies, ...limits } = DEFAULT_LIMITS;
  return {
    trustedProxies: v.optional(
      v.pipe(v.array(v.string(PROXY_RULE), PROXY_RULE), v.check(isProxyList, PROXY_RULE)),
      () => [...trustedProxies],
    ),
    tokenFailuresPerClient: count(limits.tokenFailuresPerClient),
    tokenFailuresPerAddress: count(limits.tokenFailuresPerAddress),
    tokenFailureWindowSeconds: v.optional(integer(1, 86_400), limits.tokenFailureWindowSeconds),
    environmentConcurrency: count(limits.environmentConcurrency),
    environmentQueue: count(limits.environmentQueue),
    recordsConcurrency: count(limits.recordsConcurrency),
    tokenBodyTimeoutSeconds: count(limits.tokenBodyTimeoutSeconds, 86_400),
    jsonBodyTimeoutSeconds: count(limits.jsonBodyTimeoutSeconds, 86_400),
    uploadIdleTimeoutSeconds: count(limits.uploadIdleTimeoutSeconds, 86_400),
    headersTimeoutSeconds: v.optional(
      integer(1, 3600),
      DEFAULT_SOCKET_LIMITS.headersTimeoutSeconds,
    ),
    keepAliveTimeoutSeconds: v.optional(
      integer(1, 3600),
      DEFAULT_SOCKET_LIMITS.keepAliveTimeoutSeconds,
    ),
    requestTimeoutSeconds: count(DEFAULT_SOCKET_LIMITS.requestTimeoutSeconds, 7 * 86_400),
    maxConnections: count(DEFAULT_SOCKET_LIMITS.maxConnections),
  };
}

/** The schema of the merged configuration (countries already resolved to objects). */
export const ServerConfigSchema: v.GenericSchema<unknown, ServerConfig> = v.pipe(
  v.object({
    dataDir: v.optional(text('must be a path'), DEFAULT_SERVER_CONFIG.dataDir),
    port: v.optional(integer(0, 65_535), DEFAULT_SERVER_CONFIG.port),
    host: v.optional(text('must be a host name or address'), DEFAULT_SERVER_CONFIG.host),
    countries: v.optional(
      v.pipe(
        v.array(CountrySchema, COUNTRIES_RULE),
        v.nonEmpty(COUNTRIES_RULE),
        v.check(
          (list) => new Set(list.map(({ code }) => code)).size === list.length,
          COUNTRIES_RULE,
        ),
      ),
      () => DEFAULT_COUNTRIES.map((country) => ({ ...country })),
    ),
    backend: v.optional(v.picklist(['pglite', 'postgres'], 'must be pglite or postgres')),
    postgresUrl: v.optional(url(POSTGRES_URL)),
    postgresUrls: v.optional(
      v.record(
        v.pipe(v.string(), v.regex(/^[a-z]{2}$/, 'keys must be lowercase country codes')),
        url(POSTGRES_URL),
        'must be an object of country code to PostgreSQL URL',
      ),
    ),
    controlUrl: v.optional(url(POSTGRES_URL)),
    maxAttachmentSize: v.optional(integer(1, 2 ** 40), DEFAULT_SERVER_CONFIG.maxAttachmentSize),
    maxJsonBodySize: v.optional(integer(1024, 2 ** 31), DEFAULT_SERVER_CONFIG.maxJsonBodySize),
    tokenTtlSeconds: v.optional(integer(60, 31 * 24 * 3600), DEFAULT_SERVER_CONFIG.tokenTtlSeconds),
    corsOrigins: v.optional(v.array(url(/^https?:\/\//), 'must be a list of origins'), []),
    tlsCert: v.optional(text('must be a path')),
    tlsKey: v.optional(text('must be a path')),
    purgeIntervalSeconds: v.optional(
      integer(0, 86_400),
      DEFAULT_SERVER_CONFIG.purgeIntervalSeconds,
    ),
    audit: v.optional(v.boolean('must be on or off (true or false)'), true),
    auditRetentionDays: v.optional(integer(0, 100 * 366), DEFAULT_SERVER_CONFIG.auditRetentionDays),
    publicUrl: v.optional(url(/^https?:\/\//)),
    tokenSigningKey: v.optional(ServerKeySchema),
    tokenSigningKeyFile: v.optional(text('must be a path')),
    tokenSigningKeyPrevious: v.optional(ServerKeySchema),
    tokenSigningKeyPreviousFile: v.optional(text('must be a path')),
    sseKey: v.optional(ServerKeySchema),
    sseKeyFile: v.optional(text('must be a path')),
    ...limitEntries(),
    ...operationEntries(),
  }),
  v.check(
    (config) =>
      config.requestTimeoutSeconds === 0 ||
      config.requestTimeoutSeconds >= config.headersTimeoutSeconds,
    'requestTimeoutSeconds must be 0 or at least headersTimeoutSeconds',
  ),
  v.check(
    (config) => config.tokenSigningKey === undefined || config.tokenSigningKeyFile === undefined,
    'tokenSigningKey and tokenSigningKeyFile exclude each other',
  ),
  v.check(
    (config) =>
      config.tokenSigningKeyPrevious === undefined ||
      config.tokenSigningKeyPreviousFile === undefined,
    'tokenSigningKeyPrevious and tokenSigningKeyPreviousFile exclude each other',
  ),
  v.check(
    (config) => config.sseKey === undefined || config.sseKeyFile === undefined,
    'sseKey and sseKeyFile exclude each other',
  ),
  v.check(
    (config) => (config.tlsCert === undefined) === (config.tlsKey === undefined),
    'tlsCert and tlsKey must be given together',
  ),
  v.check(
    (config) =>
      config.backend !== 'postgres' ||
      config.postgresUrl !== undefined ||
      config.postgresUrls !== undefined,
    'backend postgres needs postgresUrl or postgresUrls',
  ),
  v.check(
    (config) => config.postgresUrl === undefined || config.postgresUrls === undefined,
    'postgresUrl and postgresUrls exclude each other',
  ),
  v.check(
    (config) => config.postgresUrls === undefined || config.controlUrl !== undefined,
    'postgresUrls needs controlUrl: the database every copy keeps its environments in',
  ),
  v.check(
    (config) =>
      config.postgresUrls === undefined ||
      config.countries.every(({ code }) => config.postgresUrls?.[code] !== undefined),
    'postgresUrls must name a URL for every served country',
  ),
  v.transform((config) => ({
    ...config,
    backend:
      config.backend ??
      (config.postgresUrl !== undefined || config.postgresUrls !== undefined
        ? 'postgres'
        : 'pglite'),
  })),
) as v.GenericSchema<unknown, ServerConfig>;
