import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageConfigValidationError } from '@residency/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { HanaSecureStore, type HanaSecureStoreOptions } from '../../src/hana/index.ts';
import { MemoryDriver } from '../support/memory-driver.ts';
import { CREDENTIALS, PASSWORD, renderings, thrown } from '../support/stores.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

function binding(name: string, plan: string, credentials: object = CREDENTIALS) {
  return { label: 'hana', plan, name, tags: ['hana', 'database', 'relational'], credentials };
}

function vcap(...entries: object[]): string {
  return JSON.stringify({ hana: entries, xsuaa: [{ label: 'xsuaa', plan: 'application' }] });
}

/** Builds a store reading the given environment, and returns its first connect settings. */
async function settingsFor(options: HanaSecureStoreOptions) {
  const driver = new MemoryDriver();
  const store = new HanaSecureStore({ defaultEnvFile: false, ...options, driver });
  await store.get('k');
  return { settings: driver.connects[0], store };
}

const directory = mkdtempSync(join(tmpdir(), 'residency-binding-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('binding selection from VCAP_SERVICES (fact sheet §6)', () => {
  it('takes the one securestore entry, ignoring HDI containers with the same tags', async () => {
    const environment = {
      VCAP_SERVICES: vcap(
        binding('my-hdi', 'hdi-shared', { ...CREDENTIALS, host: 'hdi.example.test' }),
        binding('my-store', 'securestore'),
      ),
    };
    const { settings, store } = await settingsFor({ environment });
    expect(settings?.host).toBe('hana.example.test');
    expect(settings?.port).toBe(30015);
    expect(store.target.instanceName).toBe('my-store');
  });

  it('refuses when no securestore entry is bound, naming the plans found', () => {
    const environment = { VCAP_SERVICES: vcap(binding('my-hdi', 'hdi-shared')) };
    const error = thrown(() => new HanaSecureStore({ environment, defaultEnvFile: false }));
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error.message).toBe(
      'No service with label "hana" and plan "securestore" in VCAP_SERVICES (hana plans bound: ' +
        'hdi-shared): create one with `cf create-service hana securestore <name>` and bind it',
    );
  });

  it('refuses several securestore entries without an instance name', () => {
    const environment = {
      VCAP_SERVICES: vcap(binding('store-a', 'securestore'), binding('store-b', 'securestore')),
    };
    const error = thrown(() => new HanaSecureStore({ environment, defaultEnvFile: false }));
    expect(error.message).toBe(
      '2 securestore bindings in VCAP_SERVICES (bound: "store-a", "store-b"): ' +
        'pass instanceName to choose one',
    );
    expect(renderings(error)).not.toContain(PASSWORD);
  });

  it('picks a named instance among several', async () => {
    const environment = {
      VCAP_SERVICES: vcap(
        binding('store-a', 'securestore', { ...CREDENTIALS, host: 'a.example.test' }),
        binding('store-b', 'securestore', { ...CREDENTIALS, host: 'b.example.test' }),
      ),
    };
    const { settings } = await settingsFor({ environment, instanceName: 'store-b' });
    expect(settings?.host).toBe('b.example.test');
  });

  it('refuses an instance name that is not bound', () => {
    const environment = { VCAP_SERVICES: vcap(binding('store-a', 'securestore')) };
    const error = thrown(
      () => new HanaSecureStore({ environment, instanceName: 'other', defaultEnvFile: false }),
    );
    expect(error.message).toBe(
      'No securestore binding named "other" in VCAP_SERVICES (bound: "store-a")',
    );
  });

  it('connects without TLS when the certificate is missing (on-premise)', async () => {
    const environment = { VCAP_SERVICES: vcap(binding('s', 'securestore')) };
    const { settings, store } = await settingsFor({ environment });
    expect(settings?.tls).toBeUndefined();
    expect(store.target.tls).toBe(false);
  });

  it('uses TLS with the binding certificate, and on port 443 without one', async () => {
    const withCertificate = {
      VCAP_SERVICES: vcap(binding('s', 'securestore', { ...CREDENTIALS, certificate: PEM })),
    };
    expect((await settingsFor({ environment: withCertificate })).settings?.tls).toEqual({
      ca: [PEM],
      hostnameInCertificate: undefined,
      validateCertificate: true,
      clientCertificate: undefined,
      clientPrivateKey: undefined,
    });
    const cloud = {
      VCAP_SERVICES: vcap(binding('s', 'securestore', { ...CREDENTIALS, port: '443' })),
    };
    const { settings } = await settingsFor({ environment: cloud });
    expect(settings?.port).toBe(443);
    expect(settings?.tls?.ca).toEqual([]);
  });

  it('reads the landscape fields db_hosts, hostname_in_certificate, validate_certificate', async () => {
    const credentials = {
      ...CREDENTIALS,
      certificate: PEM,
      db_hosts: [
        { host: 'hana.example.test', port: '30015' },
        { host: 'standby.example.test', port: 30041 },
      ],
      hostname_in_certificate: '*.example.test',
      validate_certificate: 'false',
    };
    const environment = { VCAP_SERVICES: vcap(binding('s', 'securestore', credentials)) };
    const { settings } = await settingsFor({ environment });
    expect(settings?.hosts).toEqual([
      { host: 'hana.example.test', port: 30015 },
      { host: 'standby.example.test', port: 30041 },
    ]);
    expect(settings?.tls?.hostnameInCertificate).toBe('*.example.test');
    expect(settings?.tls?.validateCertificate).toBe(false);
  });

  it.each([
    ['a port that is not a number', { port: 'https' }, 'port must be a port from 1 to 65535'],
    ['a port out of range', { port: 70000 }, 'port must be a port from 1 to 65535'],
    ['a missing password', { password: undefined }, 'password is required'],
    ['an empty user', { user: '' }, 'user must be a non-empty string'],
  ])('refuses credentials with %s, naming the field', (_name, change, expected) => {
    const credentials = { ...CREDENTIALS, ...change };
    const environment = { VCAP_SERVICES: vcap(binding('s', 'securestore', credentials)) };
    const error = thrown(() => new HanaSecureStore({ environment, defaultEnvFile: false }));
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error.message).toContain(`VCAP_SERVICES.hana[0].credentials.${expected}`);
    expect(renderings(error)).not.toContain(PASSWORD);
    expect(error.cause).toBeUndefined();
  });

  it('reads VCAP_SERVICES_FILE_PATH when VCAP_SERVICES is unset or empty', async () => {
    const file = join(directory, 'vcap.json');
    writeFileSync(file, vcap(binding('from-file', 'securestore')));
    const environment = { VCAP_SERVICES: '', VCAP_SERVICES_FILE_PATH: file };
    const { store } = await settingsFor({ environment });
    expect(store.target.instanceName).toBe('from-file');
  });

  it('prefers VCAP_SERVICES over VCAP_SERVICES_FILE_PATH and default-env.json', async () => {
    const environment = {
      VCAP_SERVICES: vcap(binding('from-variable', 'securestore')),
      VCAP_SERVICES_FILE_PATH: join(directory, 'absent.json'),
    };
    const { store } = await settingsFor({ environment, defaultEnvFile: join(directory, 'x') });
    expect(store.target.instanceName).toBe('from-variable');
  });

  it('reads default-env.json for local development (object or string VCAP_SERVICES)', async () => {
    const asObject = join(directory, 'default-env.json');
    writeFileSync(
      asObject,
      JSON.stringify({
        PORT: '4004',
        VCAP_SERVICES: JSON.parse(vcap(binding('local', 'securestore'))),
      }),
    );
    expect(
      (await settingsFor({ environment: {}, defaultEnvFile: asObject })).store.target.instanceName,
    ).toBe('local');
    const asString = join(directory, 'default-env-string.json');
    writeFileSync(
      asString,
      JSON.stringify({ VCAP_SERVICES: vcap(binding('local-2', 'securestore')) }),
    );
    expect(
      (await settingsFor({ environment: {}, defaultEnvFile: asString })).store.target.instanceName,
    ).toBe('local-2');
  });

  it('explains when no source exists', () => {
    const error = thrown(
      () => new HanaSecureStore({ environment: {}, defaultEnvFile: join(directory, 'none.json') }),
    );
    expect(error.message).toBe(
      'No SAP HANA credentials: pass credentials, or bind a hana service of plan securestore ' +
        '(VCAP_SERVICES, VCAP_SERVICES_FILE_PATH or default-env.json)',
    );
  });

  it('never quotes invalid JSON, which may hold a password', () => {
    const broken = `{"hana":[{"credentials":{"password":"${PASSWORD}"`;
    const error = thrown(
      () => new HanaSecureStore({ environment: { VCAP_SERVICES: broken }, defaultEnvFile: false }),
    );
    expect(error.message).toBe('Invalid VCAP_SERVICES: not valid JSON');
    expect(renderings(error)).not.toContain(PASSWORD);
    expect(error.cause).toBeUndefined();
  });

  it('reports an unreadable VCAP_SERVICES_FILE_PATH with its code', () => {
    const missing = join(directory, 'missing.json');
    const error = thrown(
      () =>
        new HanaSecureStore({
          environment: { VCAP_SERVICES_FILE_PATH: missing },
          defaultEnvFile: false,
        }),
    );
    expect(error.message).toBe(`Cannot read ${missing} (VCAP_SERVICES_FILE_PATH): ENOENT`);
  });

  it('refuses VCAP_SERVICES that is not an object of arrays', () => {
    const error = thrown(
      () => new HanaSecureStore({ environment: { VCAP_SERVICES: '[1]' }, defaultEnvFile: false }),
    );
    expect(error.message).toBe('Invalid VCAP_SERVICES: must be a JSON object of service arrays');
  });
});
