import {
  isStorageError,
  StorageAuthenticationError,
  StorageConfigValidationError,
  type StorageError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';

// The one place where hdb's and @sap/hana-client's errors meet the Residency tree (fact sheet
// §5). Server errors of both drivers carry a numeric `code` and `sqlState`; hdb's network and
// protocol errors carry string codes (`EHDB…`, Node's `ECONN…`); hana-client's client-side
// errors carry negative numbers. Messages repeat only codes: a driver's message may quote a
// statement's values, so it stays in `cause`.

/** HANA: authentication failed (wrong user or password). */
const AUTHENTICATION_FAILED = 10;
/** HANA: insufficient privilege, e.g. a binding that is not of plan `securestore`. */
const INSUFFICIENT_PRIVILEGE = 258;
/** HANA: invalid name of function or procedure (no secure store here). */
const UNKNOWN_PROCEDURE = 328;

/** hana-client's codes for a connection that failed or broke (-10709 is "connection failed"). */
const HANA_CLIENT_NETWORK_CODES: ReadonlySet<number> = new Set([-10709, -10807, -10108, -10821]);

/** hdb's and Node's codes for a connection that failed, closed or timed out. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'EHDBOPENCONN',
  'EHDBCLOSE',
  'EHDBTIMEOUT',
  'EHDBINIT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Translates a driver error into the Residency error tree; a Residency error passes unchanged.
 *
 * @param error What the driver threw.
 * @param method The public method that failed, named in the message, e.g. `get`.
 * @returns The error to throw, with `error` as its `cause`.
 */
export function mapDriverError(error: unknown, method: string): StorageError {
  if (isStorageError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const prefix = `SAP HANA Secure Store ${method}() failed`;
  const options = { cause: error };
  if (typeof code === 'number') return fromNumericCode(code, error, prefix, options);
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) {
      return new StorageNetworkError(`${prefix}: cannot reach SAP HANA (${code})`, options);
    }
    if (code === 'EHDBSERVERAUTH') {
      return new StorageAuthenticationError(
        `${prefix}: the server did not prove it knows the password (${code})`,
        options,
      );
    }
    if (code === 'EHDBMSGPARSE') {
      return new StorageServerResponseValidationError(
        `${prefix}: unreadable reply (${code})`,
        options,
      );
    }
    if (code === 'EHDBNOAUTHMETH') {
      return new StorageConfigValidationError(`${prefix}: no usable login (${code})`, options);
    }
    return new StorageServerError(`${prefix}: driver error ${code}`, options);
  }
  return new StorageServerError(`${prefix}: unexpected driver error`, options);
}

function fromNumericCode(
  code: number,
  error: unknown,
  prefix: string,
  options: { cause: unknown },
): StorageError {
  const sqlState = (error as { sqlState?: unknown }).sqlState;
  const state = typeof sqlState === 'string' && sqlState !== '' ? `, SQLSTATE ${sqlState}` : '';
  const label = `HANA error ${code}${state}`;
  switch (code) {
    case AUTHENTICATION_FAILED:
      return new StorageAuthenticationError(
        `${prefix}: authentication failed (${label}); check the binding's user and password`,
        options,
      );
    case UNKNOWN_PROCEDURE:
      return new StorageConfigValidationError(
        `${prefix}: the secure store is not available (${label}); ` +
          'bind the application to a hana service instance of plan securestore',
        options,
      );
    case INSUFFICIENT_PRIVILEGE:
      return new StorageConfigValidationError(
        `${prefix}: insufficient privilege (${label}); ` +
          'the binding must be of plan securestore (MTA resource type com.sap.xs.hana-securestore)',
        options,
      );
    default:
      if (HANA_CLIENT_NETWORK_CODES.has(code)) {
        return new StorageNetworkError(`${prefix}: cannot reach SAP HANA (${label})`, options);
      }
      return new StorageServerError(`${prefix}: ${label}`, options);
  }
}
