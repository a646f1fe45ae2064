import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { StorageConfigValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { hanaClientOptions } from '../../src/hana/hana-client-driver.node.ts';
import { hdbClientOptions } from '../../src/hana/hdb-driver.node.ts';
import type { HanaConnectionSettings } from '../../src/hana/index.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

const plain: HanaConnectionSettings = {
  host: 'hana.example.test',
  port: 30015,
  hosts: [{ host: 'hana.example.test', port: 30015 }],
  user: 'SBSS_USER',
  password: 'pw',
  tls: undefined,
  sessionVariables: {},
  connectTimeoutMilliseconds: 5000,
};

const secure: HanaConnectionSettings = {
  ...plain,
  port: 443,
  hosts: [
    { host: 'hana.example.test', port: 443 },
    { host: 'standby.example.test', port: 443 },
  ],
  tls: {
    ca: [PEM],
    hostnameInCertificate: '*.example.test',
    validateCertificate: true,
    clientCertificate: undefined,
    clientPrivateKey: undefined,
  },
  sessionVariables: { XS_APPLICATIONUSER: 'token' },
};

describe('hdb client options (fact sheet §7)', () => {
  it('connects in plain TCP without TLS options', () => {
    expect(hdbClientOptions(plain)).toEqual({
      host: 'hana.example.test',
      port: 30015,
      user: 'SBSS_USER',
      password: 'pw',
      initializationTimeout: 5000,
    });
  });

  it('passes the certificate as ca, failover hosts and session variables', () => {
    const options = hdbClientOptions(secure);
    expect(options).toMatchObject({
      useTLS: true,
      ca: [PEM],
      hosts: [
        { host: 'hana.example.test', port: 443 },
        { host: 'standby.example.test', port: 443 },
      ],
      'SESSIONVARIABLE:XS_APPLICATIONUSER': 'token',
    });
    expect(options).not.toHaveProperty('rejectUnauthorized');
  });

  it('checks the certificate against hostname_in_certificate, keeping SNI on the host', () => {
    const check = hdbClientOptions(secure).checkServerIdentity as (
      host: string,
      certificate: PeerCertificate,
    ) => Error | undefined;
    const certificate = {
      subject: { CN: 'db.example.test' },
      subjectaltname: 'DNS:*.example.test',
    };
    expect(check('hana.example.test', certificate as PeerCertificate)).toEqual(
      checkServerIdentity('*.example.test', certificate as PeerCertificate),
    );
    expect(hdbClientOptions(secure)).not.toHaveProperty('servername');
  });

  it('turns certificate validation off only when the binding says so', () => {
    const options = hdbClientOptions({
      ...secure,
      tls: {
        ...(secure.tls as NonNullable<HanaConnectionSettings['tls']>),
        validateCertificate: false,
      },
    });
    expect(options.rejectUnauthorized).toBe(false);
  });
});

describe('@sap/hana-client connect options (fact sheet §7)', () => {
  it('connects with encrypt: false in plain TCP', () => {
    expect(hanaClientOptions(plain)).toEqual({
      host: 'hana.example.test',
      port: 30015,
      user: 'SBSS_USER',
      password: 'pw',
      connectTimeout: 5000,
      encrypt: false,
    });
  });

  it('sets the SAP TLS options, serverNode and session variables', () => {
    expect(hanaClientOptions(secure)).toEqual({
      serverNode: 'hana.example.test:443,standby.example.test:443',
      user: 'SBSS_USER',
      password: 'pw',
      connectTimeout: 5000,
      encrypt: true,
      sslValidateCertificate: true,
      sslCryptoProvider: 'openssl',
      sslTrustStore: PEM,
      sslHostNameInCertificate: '*.example.test',
      'sessionVariable:XS_APPLICATIONUSER': 'token',
    });
  });

  it('refuses TLS client certificates, which need hdb', () => {
    const tls = secure.tls as NonNullable<HanaConnectionSettings['tls']>;
    expect(() =>
      hanaClientOptions({
        ...secure,
        tls: { ...tls, clientCertificate: PEM, clientPrivateKey: PEM },
      }),
    ).toThrow(StorageConfigValidationError);
  });
});
