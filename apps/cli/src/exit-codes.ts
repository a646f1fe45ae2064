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
  /** The server answered with an error (404 is "not found"). */
  SERVER: 5,
  /** No answer: connection refused, DNS, TLS, timeout. */
  NETWORK: 6,
  /** Decryption failed: a wrong secret or tampered data. */
  CRYPTO: 7,
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
  if (error instanceof StorageServerError) return ExitCode.SERVER;
  if (error instanceof StorageCryptoError) return ExitCode.CRYPTO;
  // Any other client error ("only allowed with encryption enabled") is a setting to change.
  if (error instanceof StorageClientError) return ExitCode.CONFIGURATION;
  return isStorageError(error) ? ExitCode.SERVER : ExitCode.UNEXPECTED;
}

/**
 * The one-line message of a failure. SDK messages name fields and requests, never values
 * (the SDK's security notes); a 404 becomes "not found"; anything else that is not ours or the
 * SDK's is reduced to its class name, since its message might quote data.
 *
 * @param error What was thrown.
 * @returns The message to print.
 */
export function messageOf(error: unknown): string {
  if (error instanceof StorageServerError && error.status === 404) {
    return `not found (HTTP 404${error.requestId ? `, request ${error.requestId}` : ''})`;
  }
  if (error instanceof CliError || isStorageError(error)) return error.message;
  const name = error instanceof Error ? error.name : typeof error;
  return `unexpected failure (${name}); this is a bug in residency`;
}
