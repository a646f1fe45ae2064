import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from '../src/config/load-config.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'residency-config-'));
});
afterEach(async () => rm(folder, { recursive: true, force: true }));

async function configFile(content: unknown): Promise<string> {
  const path = join(folder, 'server.json');
  await writeFile(path, JSON.stringify(content));
  return path;
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('loadServerConfig', () => {
  it('applies the defaults', async () => {
    const config = await loadServerConfig({ cwd: folder });
    expect(config).toMatchObject({
      dataDir: join(folder, '.residency-data'),
      port: 8080,
      host: '127.0.0.1',
      backend: 'pglite',
      maxAttachmentSize: 104_857_600,
      maxJsonBodySize: 16_777_216,
      tokenTtlSeconds: 3600,
      purgeIntervalSeconds: 60,
      corsOrigins: [],
    });
    expect(config.countries.map(({ code }) => code)).toEqual(['us', 'de', 'gb', 'ae', 'sg', 'in']);
  });

  it('applies the limit defaults, and reads limits from flags, environment and file', async () => {
    const defaults = await loadServerConfig({ cwd: folder });
    expect(defaults).toMatchObject({
      trustedProxies: [],
      tokenFailuresPerClient: 10,
      tokenFailuresPerAddress: 20,
      tokenFailureWindowSeconds: 60,
      environmentConcurrency: 32,
      environmentQueue: 256,
      recordsConcurrency: 4,
      tokenBodyTimeoutSeconds: 10,
      jsonBodyTimeoutSeconds: 60,
      uploadIdleTimeoutSeconds: 60,
      headersTimeoutSeconds: 20,
      keepAliveTimeoutSeconds: 10,
      requestTimeoutSeconds: 3600,
      maxConnections: 4096,
    });
    const config = await loadServerConfig({
      cwd: folder,
      flags: {
        'trusted-proxy': ['10.0.0.0/8', '::1'],
        'environment-concurrency': '0',
        config: await configFile({ maxConnections: 100 }),
      },
      env: { RESIDENCY_TOKEN_FAILURES_PER_ADDRESS: '5' },
    });
    expect(config).toMatchObject({
      trustedProxies: ['10.0.0.0/8', '::1'],
      environmentConcurrency: 0,
      maxConnections: 100,
      tokenFailuresPerAddress: 5,
    });
  });

  it('refuses malformed trusted proxies and timeouts without quoting them', async () => {
    const proxy = await errorOf(
      loadServerConfig({ cwd: folder, flags: { 'trusted-proxy': ['not-an-ip-secret'] } }),
    );
    expect(proxy).toContain('trustedProxies (flag --trusted-proxy) must be a list of IP addresses');
    expect(proxy).not.toContain('not-an-ip-secret');
    const timeouts = await errorOf(
      loadServerConfig({
        cwd: folder,
        flags: { 'request-timeout': '5', 'headers-timeout': '10' },
      }),
    );
    expect(timeouts).toContain('requestTimeoutSeconds must be 0 or at least headersTimeoutSeconds');
  });

  it('reads the drain timeout, log format and metrics token from flags, environment and file', async () => {
    const defaults = await loadServerConfig({ cwd: folder });
    expect(defaults.drainTimeoutSeconds).toBe(30);
    expect(defaults.logFormat).toBeUndefined();
    expect(defaults.metricsToken).toBeUndefined();
    const fromFlags = await loadServerConfig({
      cwd: folder,
      flags: {
        'drain-timeout': '5',
        'log-format': 'text',
        'metrics-token': 'scrape-token-0123456789',
      },
    });
    expect(fromFlags).toMatchObject({
      drainTimeoutSeconds: 5,
      logFormat: 'text',
      metricsToken: 'scrape-token-0123456789',
    });
    const fromEnv = await loadServerConfig({
      cwd: folder,
      env: {
        RESIDENCY_DRAIN_TIMEOUT_SECONDS: '0',
        RESIDENCY_LOG_FORMAT: 'json',
        RESIDENCY_METRICS_TOKEN: 'env-scrape-token-0123',
      },
    });
    expect(fromEnv).toMatchObject({
      drainTimeoutSeconds: 0,
      logFormat: 'json',
      metricsToken: 'env-scrape-token-0123',
    });
    const path = await configFile({ drainTimeoutSeconds: 90, logFormat: 'json' });
    const fromFile = await loadServerConfig({ cwd: folder, flags: { config: path } });
    expect(fromFile).toMatchObject({ drainTimeoutSeconds: 90, logFormat: 'json' });
  });

  it('refuses a short metrics token without quoting it', async () => {
    const message = await errorOf(
      loadServerConfig({ cwd: folder, env: { RESIDENCY_METRICS_TOKEN: 'short-secret' } }),
    );
    expect(message).toContain(
      'metricsToken (environment RESIDENCY_METRICS_TOKEN) must be at least 16 characters',
    );
    expect(message).not.toContain('short-secret');
  });

  it('lets flags win over the environment, and the environment over the file', async () => {
    const path = await configFile({
      port: 1000,
      host: '0.0.0.0',
      tokenTtlSeconds: 600,
      dataDir: 'from-file',
    });
    const config = await loadServerConfig({
      cwd: folder,
      env: {
        RESIDENCY_CONFIG: path,
        RESIDENCY_PORT: '2000',
        RESIDENCY_HOST: '::1',
        RESIDENCY_MAX_ATTACHMENT_SIZE: '1024',
      },
      flags: { port: '3000', 'cors-origin': ['https://a.example', 'https://b.example'] },
    });
    expect(config).toMatchObject({
      port: 3000,
      host: '::1',
      tokenTtlSeconds: 600,
      maxAttachmentSize: 1024,
      dataDir: join(folder, 'from-file'),
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it('serves a subset of countries, and custom ones defined in the file', async () => {
    const path = await configFile({
      countries: ['de', { code: 'CH', name: 'Switzerland', region: 'EMEA' }],
    });
    expect((await loadServerConfig({ cwd: folder, flags: { config: path } })).countries).toEqual([
      { code: 'de', name: 'Germany', region: 'EMEA' },
      { code: 'ch', name: 'Switzerland', region: 'EMEA' },
    ]);
    const subset = await loadServerConfig({
      cwd: folder,
      flags: { config: path, countries: 'ch,US' },
    });
    expect(subset.countries.map(({ code }) => code)).toEqual(['ch', 'us']);
  });

  it('serves any ISO 3166-1 country by code, in any case, beside file-defined ones', async () => {
    const config = await loadServerConfig({ cwd: folder, flags: { countries: 'se,FR,jp,Sa' } });
    expect(config.countries).toEqual([
      { code: 'se', name: 'Sweden', region: 'EMEA' },
      { code: 'fr', name: 'France', region: 'EMEA' },
      { code: 'jp', name: 'Japan', region: 'APAC' },
      { code: 'sa', name: 'Saudi Arabia', region: 'EMEA' },
    ]);
    const path = await configFile({
      countries: [{ code: 'SE', name: 'Sverige', region: 'EMEA' }, 'br'],
    });
    const custom = await loadServerConfig({ cwd: folder, flags: { config: path } });
    expect(custom.countries).toEqual([
      { code: 'se', name: 'Sverige', region: 'EMEA' },
      { code: 'br', name: 'Brazil', region: 'AMER' },
    ]);
    const fromEnv = await loadServerConfig({ cwd: folder, env: { RESIDENCY_COUNTRIES: 'au,ca' } });
    expect(fromEnv.countries.map(({ region }) => region)).toEqual(['APAC', 'AMER']);
  });

  it('picks PostgreSQL when a URL is given', async () => {
    const config = await loadServerConfig({
      cwd: folder,
      flags: { 'postgres-url': 'postgres://user:pw@db/residency' },
    });
    expect(config.backend).toBe('postgres');
  });

  it.each([
    [{ flags: { port: 'eighty' } }, 'port (flag --port) must be an integer from 0 to 65535'],
    [{ env: { RESIDENCY_PORT: '70000' } }, 'port (environment RESIDENCY_PORT) must be an integer'],
    [{ flags: { countries: 'zz' } }, 'countries (flag --countries) names an unknown country'],
    [
      { flags: { countries: 'se,xk' } },
      'countries (flag --countries) names an unknown country (not an ISO 3166-1 alpha-2 code); define it in the config file as { "code", "name", "region" }',
    ],
    [
      { env: { RESIDENCY_COUNTRIES: 'us,eu' } },
      'countries (environment RESIDENCY_COUNTRIES) names an unknown country',
    ],
    [{ flags: { countries: 'usa' } }, 'countries (flag --countries) names an unknown country'],
    [
      { flags: { 'cors-origin': ['not a url'] } },
      'corsOrigins.0 (flag --cors-origin) must be an absolute URL',
    ],
    [{ flags: { 'tls-cert': 'cert.pem' } }, 'tlsCert and tlsKey must be given together'],
    [
      { flags: { 'postgres-url': 'mysql://db' } },
      'postgresUrl (flag --postgres-url) must be an absolute URL',
    ],
    [
      { env: { RESIDENCY_BACKEND: 'postgres' } },
      'backend postgres needs postgresUrl or postgresUrls',
    ],
    [
      { env: { RESIDENCY_SSE_KEY: 'short' } },
      'sseKey (environment RESIDENCY_SSE_KEY) must be the base64 of 32 bytes',
    ],
    [
      { flags: { 'drain-timeout': '-1' } },
      'drainTimeoutSeconds (flag --drain-timeout) must be an integer from 0 to 3600',
    ],
    [
      { env: { RESIDENCY_LOG_FORMAT: 'yaml' } },
      'logFormat (environment RESIDENCY_LOG_FORMAT) must be json or text',
    ],
    [
      { flags: { 'token-ttl': '5' } },
      'tokenTtlSeconds (flag --token-ttl) must be an integer from 60',
    ],
  ])('refuses %j', async (sources, message) => {
    expect(await errorOf(loadServerConfig({ cwd: folder, ...sources }))).toContain(message);
  });

  it('refuses unknown settings and bad files, never quoting values', async () => {
    const unknown = await configFile({ prot: 1 });
    expect(await errorOf(loadServerConfig({ cwd: folder, flags: { config: unknown } }))).toContain(
      'prot (config file',
    );
    expect(
      await errorOf(loadServerConfig({ cwd: folder, flags: { config: 'missing.json' } })),
    ).toContain('does not exist');
    const urls = await configFile({
      postgresUrls: { us: 'postgres://db-us/r' },
      countries: ['us', 'de'],
    });
    expect(await errorOf(loadServerConfig({ cwd: folder, flags: { config: urls } }))).toContain(
      'postgresUrls must name a URL for every served country',
    );
    const secret = await configFile({ tokenSigningKey: 'hunter2-secret' });
    expect(
      await errorOf(loadServerConfig({ cwd: folder, flags: { config: secret } })),
    ).not.toContain('hunter2');
  });
});

describe('loadServerConfig audit settings', () => {
  it('audits by default and keeps audit rows 365 days', async () => {
    const config = await loadServerConfig({ cwd: folder });
    expect(config).toMatchObject({ audit: true, auditRetentionDays: 365 });
  });

  it('reads the switch as on/off from flags and the environment, and true/false from a file', async () => {
    expect((await loadServerConfig({ cwd: folder, flags: { audit: 'off' } })).audit).toBe(false);
    expect((await loadServerConfig({ cwd: folder, env: { RESIDENCY_AUDIT: 'ON' } })).audit).toBe(
      true,
    );
    const file = await configFile({ audit: false, auditRetentionDays: 0 });
    expect(await loadServerConfig({ cwd: folder, flags: { config: file } })).toMatchObject({
      audit: false,
      auditRetentionDays: 0,
    });
    const retention = await loadServerConfig({
      cwd: folder,
      env: { RESIDENCY_AUDIT_RETENTION_DAYS: '30' },
    });
    expect(retention.auditRetentionDays).toBe(30);
  });

  it('refuses another word for the switch and a bad retention, naming the source', async () => {
    expect(await errorOf(loadServerConfig({ cwd: folder, flags: { audit: 'maybe' } }))).toBe(
      'audit (flag --audit) must be on or off (true or false)',
    );
    const message = await errorOf(
      loadServerConfig({ cwd: folder, env: { RESIDENCY_AUDIT_RETENTION_DAYS: '-1' } }),
    );
    expect(message).toContain('auditRetentionDays (environment RESIDENCY_AUDIT_RETENTION_DAYS)');
  });
});
