// Every failure of the CLI ends with one of these exit codes, chosen by the error's class, so a
// script can tell "fix your call" from "retry later" without parsing messages. The table is
// documented in the README; keep the two in step.
import {
  InputValidationError,
  isStorageError,
  SecretsProviderError,
  SecretsValidationError,
  StorageAuthenticationError,
  StorageClientError,
  StorageConfigValidationError,
  StorageCountryNotSupportedError,
  StorageCryptoError,
  StorageNetworkError,
  StorageServerError,
} from '@residency/sdk';

/** The exit codes of `residency`; a frozen object and its union type (no `enum`, style §4). */
export const ExitCode: {
  readonly OK: 0;
  readonly UNEXPECTED: 1;
  readonly USAGE: 2;
  readonly CONFIGURATION: 3;
  readonly AUTHENTICATION: 4;
  readonly SERVER: 5;
  readonly NETWORK: 6;
  readonly CRYPTO: 7;
  readonly COUNTRY_NOT_SERVED: 8;
} = Object.freeze({
  OK: 0,
  /** A failure that fits no class below (a bug, or a local file that cannot be written). */
  UNEXPECTED: 1,
  /** Bad usage or input: unknown flag, missing argument, bad JSON, `InputValidationError`. */
  USAGE: 2,
  /** Configuration: options, credentials file, encryption secrets, the secrets store. */
  CONFIGURATION: 3,
  /** The token endpoint or the storage API refused the credentials. */
  AUTHENTICATION: 4,
  /** The server answered with an error (a 404 of a record is "not found"). */
  SERVER: 5,
  /** No answer: connection refused, DNS, TLS, timeout. */
  NETWORK: 6,
  /** Decryption failed: a wrong secret or tampered data. */
  CRYPTO: 7,
  /**
   * No server at this endpoint serves the country: apart from 5 so that a script does not take
   * it for a missing record (retrying or writing will not help; the endpoint or country must change).
   */
  COUNTRY_NOT_SERVED: 8,
} as const);

/** One of the exit codes. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A failure the CLI itself detects (bad flags, unreadable files, missing configuration). Its
 * message is shown as it is, so it must never quote a value the user gave.
 */
export class CliError extends Error {
  /** The exit code this failure ends the process with. */
  readonly exitCode: ExitCode;

  /**
   * @param message What went wrong, naming flags and files, never their contents.
   * @param exitCode The exit code; `USAGE` by default.
   */
  constructor(message: string, exitCode: ExitCode = ExitCode.USAGE) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * Chooses the exit code of a failure. Subclasses come before their parents: an
 * authentication or network error is also a `StorageServerError`.
 *
 * @param error What was thrown.
 * @returns The exit code.
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof InputValidationError) return ExitCode.USAGE;
  if (
    error instanceof StorageConfigValidationError ||
    error instanceof SecretsProviderError ||
    error instanceof SecretsValidationError
  ) {
    return ExitCode.CONFIGURATION;
  }
  if (error instanceof StorageAuthenticationError) return ExitCode.AUTHENTICATION;
  if (error instanceof StorageNetworkError) return ExitCode.NETWORK;
  if (error instanceof StorageCountryNotSupportedError) return ExitCode.COUNTRY_NOT_SERVED;
  if (error instanceof StorageServerError) return ExitCode.SERVER;
  if (error instanceof StorageCryptoError) return ExitCode.CRYPTO;
  // Any other client error ("only allowed with encryption enabled") is a setting to change.
  if (error instanceof StorageClientError) return ExitCode.CONFIGURATION;
  return isStorageError(error) ? ExitCode.SERVER : ExitCode.UNEXPECTED;
}

/** `HTTP 404, request …`: what identifies an answer in the server's logs. */
function answerText(error: StorageServerError): string {
  return `HTTP ${error.status}${error.requestId ? `, request ${error.requestId}` : ''}`;
}

/**
 * The one-line message of a failure. SDK messages name fields and requests, never values
 * (the SDK's security notes); an unserved country says so, any other 404 becomes "not found";
 * anything else that is not ours or the SDK's is reduced to its class name, since its message
 * might quote data.
 *
 * @param error What was thrown.
 * @returns The message to print.
 */
export function messageOf(error: unknown): string {
  if (error instanceof StorageCountryNotSupportedError) {
    // The server's 404 names `source: country`; without a status the countries list lacks it.
    if (error.status === undefined) {
      return 'country not served: it is not in the countries list; check COUNTRY, or --endpoint for the server that serves it';
    }
    return `country not served by this server (${answerText(error)}); check COUNTRY, or --endpoint for the server that serves it`;
  }
  if (error instanceof StorageServerError && error.status === 404) {
    return `not found (${answerText(error)})`;
  }
  if (error instanceof CliError || isStorageError(error)) return error.message;
  const name = error instanceof Error ? error.name : typeof error;
  return `unexpected failure (${name}); this is a bug in residency`;
}
