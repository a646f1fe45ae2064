import { StorageConfigValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describeIssues, objectMessage } from '../issues.ts';

/**
 * The `credentials` of a `securestore` binding, as `VCAP_SERVICES` holds them (fact sheet §6),
 * or an object with the same fields given directly (e.g. the result of `@sap/xsenv`). Fields
 * not listed (`schema`, `url`, `driver`, …) are accepted and ignored: the procedures are
 * always called as `SYS.…`.
 */
export interface HanaCredentialsInput {
  /** The database host. */
  readonly host: string;
  /** The SQL port; bindings give it as a string such as `"443"`. */
  readonly port: number | string;
  /** The technical user the broker created, with secure-store permission. */
  readonly user: string;
  /** Its password. Never logged, never in an error message. */
  readonly password: string;
  /** PEM certificate(s) to trust for TLS; missing on non-TLS on-premise systems. */
  readonly certificate?: string | undefined;
  /** The host name the server certificate is checked against, when it is not `host`. */
  readonly hostname_in_certificate?: string | undefined;
  /** `false` (or `"false"`) skips the server certificate check: insecure, tests only. */
  readonly validate_certificate?: boolean | string | undefined;
  /** Further hosts to try, in order, when `host` cannot be reached. */
  readonly db_hosts?:
    | readonly { readonly host: string; readonly port: number | string }[]
    | undefined;
  /** PEM client certificate, for TLS client authentication (hdb only). */
  readonly client_authentication_certificate?: string | undefined;
  /** PEM private key of that certificate. */
  readonly client_authentication_private_key?: string | undefined;
  /**
   * Not a binding field: force TLS on (`true`) or off (`false`). By default TLS is on when a
   * `certificate` is given or the port is 443 (HANA Cloud), off otherwise.
   */
  readonly encrypt?: boolean | undefined;
  /** Other binding fields, ignored. */
  readonly [field: string]: unknown;
}

/** A host and port to connect to. */
export interface HanaHost {
  /** The host name or address. */
  readonly host: string;
  /** The port, 1 to 65535. */
  readonly port: number;
}

/** Validated credentials, field names in camelCase. */
export interface HanaCredentials extends HanaHost {
  /** The technical user. */
  readonly user: string;
  /** Its password. */
  readonly password: string;
  /** PEM certificate(s) to trust, if any. */
  readonly certificate: string | undefined;
  /** The name the server certificate must carry, if not `host`. */
  readonly hostnameInCertificate: string | undefined;
  /** Whether the server certificate is checked (default `true`). */
  readonly validateCertificate: boolean;
  /** Further hosts to try after `host`. */
  readonly fallbackHosts: readonly HanaHost[];
  /** PEM client certificate, if any. */
  readonly clientCertificate: string | undefined;
  /** PEM client private key, if any. */
  readonly clientPrivateKey: string | undefined;
  /** Whether to use TLS. */
  readonly encrypt: boolean;
}

const TEXT_RULE = 'must be a non-empty string';
const OPTIONAL_TEXT_RULE = 'must be a string';
const PORT_RULE = 'must be a port from 1 to 65535 (a number, or a string of digits)';
const FLAG_RULE = 'must be a boolean (or "true"/"false")';

const textSchema = () => v.pipe(v.string(TEXT_RULE), v.minLength(1, TEXT_RULE));
const optionalText = () => v.optional(v.string(OPTIONAL_TEXT_RULE));
const portNumber = () =>
  v.pipe(
    v.number(PORT_RULE),
    v.integer(PORT_RULE),
    v.minValue(1, PORT_RULE),
    v.maxValue(65_535, PORT_RULE),
  );
const PortSchema = v.union(
  [
    portNumber(),
    v.pipe(v.string(PORT_RULE), v.regex(/^\d{1,5}$/, PORT_RULE), v.transform(Number), portNumber()),
  ],
  PORT_RULE,
);
const FlagSchema = v.union(
  [
    v.boolean(FLAG_RULE),
    v.pipe(
      v.picklist(['true', 'false'], FLAG_RULE),
      v.transform((text) => text === 'true'),
    ),
  ],
  FLAG_RULE,
);
const HostSchema = v.object(
  { host: textSchema(), port: PortSchema },
  objectMessage('an object with host and port'),
);

const CredentialsSchema = v.object(
  {
    host: textSchema(),
    port: PortSchema,
    user: textSchema(),
    password: textSchema(),
    certificate: optionalText(),
    hostname_in_certificate: optionalText(),
    validate_certificate: v.optional(FlagSchema),
    db_hosts: v.optional(v.array(HostSchema, 'must be an array of hosts')),
    client_authentication_certificate: optionalText(),
    client_authentication_private_key: optionalText(),
    encrypt: v.optional(v.boolean('must be a boolean')),
  },
  objectMessage('an object with host, port, user and password'),
);

/**
 * Validates binding credentials and normalises them: the port becomes a number, empty
 * optional fields count as absent, and TLS is switched on for a certificate or port 443.
 *
 * @param value The credentials object.
 * @param label Names the object in messages, e.g. `credentials` or
 *   `VCAP_SERVICES.hana[0].credentials`.
 * @returns The normalised credentials.
 * @throws {StorageConfigValidationError} When a field breaks a rule; the message names the
 *   field and the rule, never a value.
 */
export function parseHanaCredentials(value: unknown, label: string): HanaCredentials {
  const result = v.safeParse(CredentialsSchema, value);
  if (!result.success) {
    // No `cause`: the issues hold the input, password included.
    const details = describeIssues(result.issues, { prefix: label, root: label });
    throw new StorageConfigValidationError(`Invalid SAP HANA credentials: ${details}`);
  }
  const input = result.output;
  const certificate = nonEmpty(input.certificate);
  return {
    host: input.host,
    port: input.port,
    user: input.user,
    password: input.password,
    certificate,
    hostnameInCertificate: nonEmpty(input.hostname_in_certificate),
    validateCertificate: input.validate_certificate ?? true,
    fallbackHosts: input.db_hosts ?? [],
    clientCertificate: nonEmpty(input.client_authentication_certificate),
    clientPrivateKey: nonEmpty(input.client_authentication_private_key),
    // HANA Cloud listens on 443 with TLS only (fact sheet §6); hdb switches TLS on there too.
    encrypt: input.encrypt ?? (certificate !== undefined || input.port === 443),
  };
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}
