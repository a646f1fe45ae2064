// Every configuration setting, with its environment variable and command-line flag: one table
// the loader, the help text and the README follow. Precedence: flags, then environment, then the
// config file, then the defaults.

/** How a setting's text (from a flag or the environment) is read. */
export type SettingKind = 'string' | 'integer' | 'list' | 'path';

/** One configuration setting. */
export interface ConfigKey {
  /** The key in the config file and in `ServerConfig`. */
  readonly key: string;
  /** The environment variable, `RESIDENCY_…`. */
  readonly env: string;
  /** The flag without `--`, when there is one. */
  readonly flag?: string | undefined;
  readonly kind: SettingKind;
  /** One line for the help text. */
  readonly help: string;
}

/** The settings. */
export const CONFIG_KEYS: readonly ConfigKey[] = Object.freeze([
  {
    key: 'dataDir',
    env: 'RESIDENCY_DATA_DIR',
    flag: 'data',
    kind: 'path',
    help: 'data folder (default ./.residency-data)',
  },
  {
    key: 'port',
    env: 'RESIDENCY_PORT',
    flag: 'port',
    kind: 'integer',
    help: 'port, 0 = any free one (default 8080)',
  },
  {
    key: 'host',
    env: 'RESIDENCY_HOST',
    flag: 'host',
    kind: 'string',
    help: 'address to listen on (default 127.0.0.1)',
  },
  {
    key: 'countries',
    env: 'RESIDENCY_COUNTRIES',
    flag: 'countries',
    kind: 'list',
    help: 'served countries: ISO 3166-1 codes, e.g. us,de,se (default us,de,gb,ae,sg,in)',
  },
  {
    key: 'backend',
    env: 'RESIDENCY_BACKEND',
    kind: 'string',
    help: 'pglite (default) or postgres',
  },
  {
    key: 'postgresUrl',
    env: 'RESIDENCY_POSTGRES_URL',
    flag: 'postgres-url',
    kind: 'string',
    help: 'PostgreSQL URL, one schema per country (implies backend postgres)',
  },
  {
    key: 'maxAttachmentSize',
    env: 'RESIDENCY_MAX_ATTACHMENT_SIZE',
    flag: 'max-attachment-size',
    kind: 'integer',
    help: 'largest attachment in bytes (default 104857600)',
  },
  {
    key: 'maxJsonBodySize',
    env: 'RESIDENCY_MAX_JSON_BODY_SIZE',
    flag: 'max-json-body-size',
    kind: 'integer',
    help: 'largest JSON body in bytes (default 16777216)',
  },
  {
    key: 'tokenTtlSeconds',
    env: 'RESIDENCY_TOKEN_TTL_SECONDS',
    flag: 'token-ttl',
    kind: 'integer',
    help: 'access token lifetime in seconds (default 3600)',
  },
  {
    key: 'corsOrigins',
    env: 'RESIDENCY_CORS_ORIGINS',
    flag: 'cors-origin',
    kind: 'list',
    help: 'origin allowed by CORS; repeat the flag for more',
  },
  {
    key: 'tlsCert',
    env: 'RESIDENCY_TLS_CERT',
    flag: 'tls-cert',
    kind: 'path',
    help: 'TLS certificate (PEM file); serve HTTPS',
  },
  {
    key: 'tlsKey',
    env: 'RESIDENCY_TLS_KEY',
    flag: 'tls-key',
    kind: 'path',
    help: 'TLS private key (PEM file)',
  },
  {
    key: 'purgeIntervalSeconds',
    env: 'RESIDENCY_PURGE_INTERVAL_SECONDS',
    flag: 'purge-interval',
    kind: 'integer',
    help: 'seconds between purges of expired records, 0 = never (default 60)',
  },
  {
    key: 'publicUrl',
    env: 'RESIDENCY_PUBLIC_URL',
    flag: 'public-url',
    kind: 'string',
    help: 'URL clients reach the server at, behind a proxy',
  },
  {
    key: 'tokenSigningKey',
    env: 'RESIDENCY_TOKEN_SIGNING_KEY',
    kind: 'string',
    help: 'base64 of 32 bytes; default: generated in the data folder',
  },
  {
    key: 'sseKey',
    env: 'RESIDENCY_SSE_KEY',
    kind: 'string',
    help: 'base64 of 32 bytes; default: generated in the data folder',
  },
]);

/** The environment variable naming the config file (the flag is `--config`). */
export const CONFIG_FILE_ENV = 'RESIDENCY_CONFIG';
