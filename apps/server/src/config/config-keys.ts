// Every configuration setting, with its environment variable and command-line flag: one table
// the loader, the help text and the README follow. Precedence: flags, then environment, then the
// config file, then the defaults.

/** How a setting's text (from a flag or the environment) is read. */
export type SettingKind = 'string' | 'integer' | 'list' | 'path' | 'switch';

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
    key: 'controlUrl',
    env: 'RESIDENCY_CONTROL_URL',
    flag: 'control-url',
    kind: 'string',
    help: 'PostgreSQL URL of the control plane (environments, clients); default the postgres URL',
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
    key: 'audit',
    env: 'RESIDENCY_AUDIT',
    flag: 'audit',
    kind: 'switch',
    help: 'audit log of every data access in its country: on or off (default on)',
  },
  {
    key: 'auditRetentionDays',
    env: 'RESIDENCY_AUDIT_RETENTION_DAYS',
    flag: 'audit-retention-days',
    kind: 'integer',
    help: 'days audit rows are kept, purged with expired records; 0 = forever (default 365)',
  },
  {
    key: 'publicUrl',
    env: 'RESIDENCY_PUBLIC_URL',
    flag: 'public-url',
    kind: 'string',
    help: 'URL clients reach the server at, behind a proxy',
  },
  {
    key: 'trustedProxies',
    env: 'RESIDENCY_TRUSTED_PROXIES',
    flag: 'trusted-proxy',
    kind: 'list',
    help: 'proxy address or CIDR range whose X-Forwarded-For names the client; repeat for more (default none)',
  },
  {
    key: 'tokenFailuresPerClient',
    env: 'RESIDENCY_TOKEN_FAILURES_PER_CLIENT',
    flag: 'token-failures-per-client',
    kind: 'integer',
    help: 'failed token requests per client id and address per window, then 429; 0 = off (default 10)',
  },
  {
    key: 'tokenFailuresPerAddress',
    env: 'RESIDENCY_TOKEN_FAILURES_PER_ADDRESS',
    flag: 'token-failures-per-address',
    kind: 'integer',
    help: 'failed token requests per address per window, then 429; 0 = off (default 20)',
  },
  {
    key: 'tokenFailureWindowSeconds',
    env: 'RESIDENCY_TOKEN_FAILURE_WINDOW_SECONDS',
    flag: 'token-failure-window',
    kind: 'integer',
    help: 'seconds failed token requests are counted and refused for (default 60)',
  },
  {
    key: 'environmentConcurrency',
    env: 'RESIDENCY_ENVIRONMENT_CONCURRENCY',
    flag: 'environment-concurrency',
    kind: 'integer',
    help: 'records requests in progress per environment; 0 = no limit (default 32)',
  },
  {
    key: 'environmentQueue',
    env: 'RESIDENCY_ENVIRONMENT_QUEUE',
    flag: 'environment-queue',
    kind: 'integer',
    help: 'records requests waiting per environment, then 429 (default 256)',
  },
  {
    key: 'recordsConcurrency',
    env: 'RESIDENCY_RECORDS_CONCURRENCY',
    flag: 'records-concurrency',
    kind: 'integer',
    help: 'records requests in progress in all, shared in turn by environment; 0 = no limit (default 4)',
  },
  {
    key: 'tokenBodyTimeoutSeconds',
    env: 'RESIDENCY_TOKEN_BODY_TIMEOUT_SECONDS',
    flag: 'token-body-timeout',
    kind: 'integer',
    help: 'seconds to receive a token request body, then 408; 0 = none (default 10)',
  },
  {
    key: 'jsonBodyTimeoutSeconds',
    env: 'RESIDENCY_JSON_BODY_TIMEOUT_SECONDS',
    flag: 'json-body-timeout',
    kind: 'integer',
    help: 'seconds to receive a JSON body, then 408; 0 = none (default 60)',
  },
  {
    key: 'uploadIdleTimeoutSeconds',
    env: 'RESIDENCY_UPLOAD_IDLE_TIMEOUT_SECONDS',
    flag: 'upload-idle-timeout',
    kind: 'integer',
    help: 'seconds an upload may send nothing before it gets 408; 0 = none (default 60)',
  },
  {
    key: 'headersTimeoutSeconds',
    env: 'RESIDENCY_HEADERS_TIMEOUT_SECONDS',
    flag: 'headers-timeout',
    kind: 'integer',
    help: 'seconds to receive request headers (default 20)',
  },
  {
    key: 'keepAliveTimeoutSeconds',
    env: 'RESIDENCY_KEEP_ALIVE_TIMEOUT_SECONDS',
    flag: 'keep-alive-timeout',
    kind: 'integer',
    help: 'seconds an idle keep-alive connection stays open (default 10)',
  },
  {
    key: 'requestTimeoutSeconds',
    env: 'RESIDENCY_REQUEST_TIMEOUT_SECONDS',
    flag: 'request-timeout',
    kind: 'integer',
    help: 'seconds to receive any whole request, a backstop; 0 = none (default 3600)',
  },
  {
    key: 'maxConnections',
    env: 'RESIDENCY_MAX_CONNECTIONS',
    flag: 'max-connections',
    kind: 'integer',
    help: 'open connections at once, more are refused; 0 = no limit (default 4096)',
  },
  {
    key: 'drainTimeoutSeconds',
    env: 'RESIDENCY_DRAIN_TIMEOUT_SECONDS',
    flag: 'drain-timeout',
    kind: 'integer',
    help: 'seconds SIGTERM lets requests in progress finish before cutting them (default 30)',
  },
  {
    key: 'logFormat',
    env: 'RESIDENCY_LOG_FORMAT',
    flag: 'log-format',
    kind: 'string',
    help: 'json (a JSON line per event and per request) or text (default: text on a terminal, else json)',
  },
  {
    key: 'metricsToken',
    env: 'RESIDENCY_METRICS_TOKEN',
    flag: 'metrics-token',
    kind: 'string',
    help: 'when set, GET /metrics needs "Authorization: Bearer <token>" (16 characters at least)',
  },
  {
    key: 'tokenSigningKey',
    env: 'RESIDENCY_TOKEN_SIGNING_KEY',
    kind: 'string',
    help: 'base64 of 32 bytes; default: generated in the data folder',
  },
  {
    key: 'tokenSigningKeyFile',
    env: 'RESIDENCY_TOKEN_SIGNING_KEY_FILE',
    flag: 'token-signing-key-file',
    kind: 'path',
    help: 'file holding the token signing key (base64 of 32 bytes, mode 600)',
  },
  {
    key: 'tokenSigningKeyPrevious',
    env: 'RESIDENCY_TOKEN_SIGNING_KEY_PREVIOUS',
    kind: 'string',
    help: 'the signing key before a rotation: its tokens are still accepted; base64 of 32 bytes',
  },
  {
    key: 'tokenSigningKeyPreviousFile',
    env: 'RESIDENCY_TOKEN_SIGNING_KEY_PREVIOUS_FILE',
    flag: 'token-signing-key-previous-file',
    kind: 'path',
    help: 'file holding the previous token signing key (mode 600)',
  },
  {
    key: 'sseKey',
    env: 'RESIDENCY_SSE_KEY',
    kind: 'string',
    help: 'base64 of 32 bytes; default: generated in the data folder',
  },
  {
    key: 'sseKeyFile',
    env: 'RESIDENCY_SSE_KEY_FILE',
    flag: 'sse-key-file',
    kind: 'path',
    help: 'file holding the SSE master key (base64 of 32 bytes, mode 600)',
  },
]);

/** The environment variable naming the config file (the flag is `--config`). */
export const CONFIG_FILE_ENV = 'RESIDENCY_CONFIG';
