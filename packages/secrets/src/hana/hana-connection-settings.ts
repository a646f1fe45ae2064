import type { HanaCredentials, HanaHost } from './hana-credentials.ts';

/** How to secure the connection with TLS. */
export interface HanaTlsSettings {
  /** PEM certificates to trust; empty means the system's trusted roots. */
  readonly ca: readonly string[];
  /** The host name the server certificate must carry, when it is not the host connected to. */
  readonly hostnameInCertificate: string | undefined;
  /** Whether the server certificate is checked; `false` only when the binding says so. */
  readonly validateCertificate: boolean;
  /** PEM client certificate, for TLS client authentication. */
  readonly clientCertificate: string | undefined;
  /** PEM private key of the client certificate. */
  readonly clientPrivateKey: string | undefined;
}

/**
 * Everything a driver needs to open a connection, whichever driver it is. Holds the password:
 * keep it out of logs.
 */
export interface HanaConnectionSettings {
  /** Where to connect first. */
  readonly host: string;
  /** Its port. */
  readonly port: number;
  /** Every host to try, in order: `host` first, then the binding's `db_hosts`. */
  readonly hosts: readonly HanaHost[];
  /** The database user. */
  readonly user: string;
  /** Its password. */
  readonly password: string;
  /** TLS settings, or `undefined` for a plain TCP connection. */
  readonly tls: HanaTlsSettings | undefined;
  /**
   * Session variables to set at connect, e.g. `XS_APPLICATIONUSER` for entries of the
   * signed-in application user.
   */
  readonly sessionVariables: Readonly<Record<string, string>>;
  /** How long to wait for the connection to open, in milliseconds. */
  readonly connectTimeoutMilliseconds: number;
}

/** The store options that shape a connection besides the credentials. */
export interface ConnectionExtras {
  /** `XS_APPLICATIONUSER`'s value, when entries belong to the application user. */
  readonly applicationUserToken: string | undefined;
  /** The connect timeout in milliseconds. */
  readonly connectTimeoutMilliseconds: number;
}

/**
 * Combines validated credentials with the store options into connection settings.
 *
 * @param credentials Validated credentials.
 * @param extras The session and timeout options.
 * @returns Frozen settings.
 */
export function toConnectionSettings(
  credentials: HanaCredentials,
  extras: ConnectionExtras,
): HanaConnectionSettings {
  const first: HanaHost = { host: credentials.host, port: credentials.port };
  const others = credentials.fallbackHosts.filter(
    (candidate) => candidate.host !== first.host || candidate.port !== first.port,
  );
  const sessionVariables: Record<string, string> = {};
  if (extras.applicationUserToken !== undefined) {
    // fact sheet §2: FOR_XS_APPLICATIONUSER = true reads the user from this session variable.
    sessionVariables.XS_APPLICATIONUSER = extras.applicationUserToken;
  }
  return Object.freeze({
    host: credentials.host,
    port: credentials.port,
    hosts: Object.freeze([first, ...others]),
    user: credentials.user,
    password: credentials.password,
    tls: credentials.encrypt ? tlsSettings(credentials) : undefined,
    sessionVariables: Object.freeze(sessionVariables),
    connectTimeoutMilliseconds: extras.connectTimeoutMilliseconds,
  });
}

function tlsSettings(credentials: HanaCredentials): HanaTlsSettings {
  return Object.freeze({
    ca: Object.freeze(credentials.certificate === undefined ? [] : [credentials.certificate]),
    hostnameInCertificate: credentials.hostnameInCertificate,
    validateCertificate: credentials.validateCertificate,
    clientCertificate: credentials.clientCertificate,
    clientPrivateKey: credentials.clientPrivateKey,
  });
}
