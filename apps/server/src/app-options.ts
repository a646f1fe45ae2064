// What `createApp` needs, and the defaults of everything optional, in one place (style.md §10).

import type { Country } from './config/countries.ts';
import type { EnvironmentDirectory } from './environments/environment-directory.ts';
import type { ServerKeys } from './keys/server-keys.ts';
import { DrainState } from './lifecycle/drain-state.ts';
import type { FailureCounts } from './limits/failure-counts.ts';
import { DEFAULT_LIMITS, type LimitSettings } from './limits/limit-settings.ts';
import { createStderrLogger, type Logger } from './logger.ts';
import type { RateLimitKind } from './observability/app-metrics.ts';
import type { StoreProvider } from './store/index.ts';

/** Options of `createApp`; the limits of `LimitSettings` may be given too (defaults there). */
export interface AppOptions extends Partial<LimitSettings> {
  /** The country stores (PGlite or PostgreSQL). */
  readonly stores: StoreProvider;
  /** Environments and clients (`environments.json` or the PostgreSQL control plane). */
  readonly environments: EnvironmentDirectory;
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
  /** Where errors (and, if it writes them, request lines) are logged; default stderr, text. */
  readonly logger?: Logger | undefined;
  /** The bearer token `GET /metrics` needs; none by default (anyone may scrape). */
  readonly metricsToken?: string | undefined;
  /** The shutdown's drain flag (`/readyz` answers 503 once set); default one never set. */
  readonly drain?: DrainState | undefined;
  /** Where failed token requests are counted (shared by copies); default this process. */
  readonly tokenFailureCounts?: FailureCounts | undefined;
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
  readonly environments: EnvironmentDirectory;
  readonly keys: ServerKeys;
  readonly countries: readonly Country[];
  readonly tokenTtlSeconds: number;
  readonly maxAttachmentSize: number;
  readonly maxJsonBodySize: number;
  readonly corsOrigins: readonly string[];
  readonly publicUrl: string | undefined;
  readonly logger: Logger;
  /** Where failed token requests are counted; `undefined`: in this process. */
  readonly tokenFailureCounts: FailureCounts | undefined;
  readonly audit: boolean;
  readonly operatorCredential: string | undefined;
  /** Token-attempt, concurrency and deadline limits. */
  readonly limits: LimitSettings;
  readonly metricsToken: string | undefined;
  readonly drain: DrainState;
  /** Told of every rate-limit refusal (429); `createApp` counts them in its metrics. */
  readonly onRefused: (kind: RateLimitKind) => void;
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
    tokenFailureCounts: options.tokenFailureCounts,
    audit: options.audit ?? true,
    operatorCredential: options.operatorCredential,
    limits: limitsOf(options),
    metricsToken: options.metricsToken,
    drain: options.drain ?? new DrainState(),
    onRefused: () => undefined,
  };
}

function limitsOf(options: Partial<LimitSettings>): LimitSettings {
  const limits: { [key: string]: unknown } = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof LimitSettings)[]) {
    if (options[key] !== undefined) limits[key] = options[key];
  }
  return limits as unknown as LimitSettings;
}
