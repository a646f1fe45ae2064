// What `createApp` needs, and the defaults of everything optional, in one place (style.md §10).

import type { Country } from './config/countries.ts';
import type { EnvironmentRegistry } from './environments/environment-registry.ts';
import type { ServerKeys } from './keys/server-keys.ts';
import { DEFAULT_LIMITS, type LimitSettings } from './limits/limit-settings.ts';
import { createStderrLogger, type Logger } from './logger.ts';
import type { StoreProvider } from './store/index.ts';

/** Options of `createApp`; the limits of `LimitSettings` may be given too (defaults there). */
export interface AppOptions extends Partial<LimitSettings> {
  /** The country stores (PGlite or PostgreSQL). */
  readonly stores: StoreProvider;
  /** Environments and clients (`environments.json`). */
  readonly environments: EnvironmentRegistry;
  /** Token signing key and SSE master key. */
  readonly keys: ServerKeys;
  /** The countries served; requests for others get 404. */
  readonly countries: readonly Country[];
  /** Lifetime of issued access tokens, in seconds; default 3600. */
  readonly tokenTtlSeconds?: number | undefined;
  /** Largest attachment, in bytes; default 104 857 600 (the SDKs' limit). */
  readonly maxAttachmentSize?: number | undefined;
  /** Largest JSON (or form) request body, in bytes; default 16 MiB. */
  readonly maxJsonBodySize?: number | undefined;
  /** Origins allowed by CORS; none by default (no CORS headers). */
  readonly corsOrigins?: readonly string[] | undefined;
  /** The URL clients reach this server at (behind a proxy), for download links; default: the
   * request's own origin. */
  readonly publicUrl?: string | undefined;
  /** Where errors are logged; default stderr. */
  readonly logger?: Logger | undefined;
  /** Whether data access is written to the audit log of each country; default true. */
  readonly audit?: boolean | undefined;
  /**
   * The secret of the operator routes (`/operator/audit`); none by default, and then those
   * routes answer 404.
   */
  readonly operatorCredential?: string | undefined;
}

/** `AppOptions` with every default applied. */
export interface AppSettings {
  readonly stores: StoreProvider;
  readonly environments: EnvironmentRegistry;
  readonly keys: ServerKeys;
  readonly countries: readonly Country[];
  readonly tokenTtlSeconds: number;
  readonly maxAttachmentSize: number;
  readonly maxJsonBodySize: number;
  readonly corsOrigins: readonly string[];
  readonly publicUrl: string | undefined;
  readonly logger: Logger;
  readonly audit: boolean;
  readonly operatorCredential: string | undefined;
  /** Token-attempt, concurrency and deadline limits. */
  readonly limits: LimitSettings;
}

/** The defaults of `AppOptions`. */
export const DEFAULT_APP_OPTIONS: {
  readonly tokenTtlSeconds: number;
  readonly maxAttachmentSize: number;
  readonly maxJsonBodySize: number;
} = Object.freeze({
  tokenTtlSeconds: 3600,
  maxAttachmentSize: 104_857_600,
  maxJsonBodySize: 16 * 1024 * 1024,
});

/**
 * Applies the defaults.
 *
 * @param options The caller's options.
 * @returns The settings the routes use.
 */
export function resolveAppSettings(options: AppOptions): AppSettings {
  return {
    stores: options.stores,
    environments: options.environments,
    keys: options.keys,
    countries: options.countries,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_APP_OPTIONS.tokenTtlSeconds,
    maxAttachmentSize: options.maxAttachmentSize ?? DEFAULT_APP_OPTIONS.maxAttachmentSize,
    maxJsonBodySize: options.maxJsonBodySize ?? DEFAULT_APP_OPTIONS.maxJsonBodySize,
    corsOrigins: options.corsOrigins ?? [],
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    logger: options.logger ?? createStderrLogger(),
    audit: options.audit ?? true,
    operatorCredential: options.operatorCredential,
    limits: limitsOf(options),
  };
}

function limitsOf(options: Partial<LimitSettings>): LimitSettings {
  const limits: { [key: string]: unknown } = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof LimitSettings)[]) {
    if (options[key] !== undefined) limits[key] = options[key];
  }
  return limits as unknown as LimitSettings;
}
