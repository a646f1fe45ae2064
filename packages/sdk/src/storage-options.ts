// The options of `createStorage`, named as in the seed's "Storage configuration" (camelCase),
// and their defaults in one object. Validation lives in storage-options-schema.ts and
// resolve-storage-options.ts.

import { DEFAULT_MAX_ATTACHMENT_SIZE } from '@residency/attachments';
import type { CustomEncryptionConfig } from '@residency/crypto';
import type { SecretKeyAccessor } from '@residency/secrets';
import type { EncryptionType } from '@residency/storage';
import { DEFAULT_TRANSPORT_OPTIONS, type Logger } from '@residency/transport';

/** Timeouts and retry delays of every HTTP call; all durations are **milliseconds**. */
export interface HttpOptions {
  /**
   * How long one attempt of one HTTP call (storage API, OAuth token, countries list) may take
   * until the response headers arrive, in milliseconds; default 30 000. (The Python SDK counts
   * seconds: `timeout: 30` there is `timeout: 30_000` here.)
   */
  readonly timeout?: number | undefined;
  /**
   * The first wait before retrying a `429`/`503`, in milliseconds; default 1 000. The wait
   * doubles each retry (±20 % jitter) while it stays within `retryMaxDelay`.
   */
  readonly retryBaseDelay?: number | undefined;
  /** The longest wait before a retry, in milliseconds; default 32 000 (six retries). */
  readonly retryMaxDelay?: number | undefined;
}

/** The seed's "Extra Storage options": fine-tuning, all optional. */
export interface StorageExtraOptions {
  /** Timeouts and retry delays, in milliseconds. */
  readonly httpOptions?: HttpOptions | undefined;
  /**
   * OAuth token endpoints by region (`emea`, `apac`, …; keys are lower-cased); must contain
   * `default`, which serves every region without its own entry. http(s) URLs.
   */
  readonly authEndpoints?: Readonly<Record<string, string>> | undefined;
  /** The URL of the countries list, when you run your own; http(s). */
  readonly countriesEndpoint?: string | undefined;
  /** The host suffix of a country's API: `https://{country}{endpointMask}`. */
  readonly endpointMask?: string | undefined;
  /** Lowercase every string key before hashing and storing it; default `false`. Not with SSE. */
  readonly normalizeKeys?: boolean | undefined;
  /**
   * Hash `key1`..`key20`; default `true`. `false` stores them as plain text (at most 256
   * characters), which enables partial matches (`searchKeys`, `$like`) and sorting on them;
   * while they are hashed, `find`, `findOne` and `iterate` refuse those with
   * `InputValidationError`. Not with SSE.
   */
  readonly hashSearchKeys?: boolean | undefined;
  /**
   * The largest attachment `addAttachment` uploads, in bytes; default 104 857 600 (100 MiB, the
   * seed's). Larger files fail with `InputValidationError`, before sending when their size is
   * known. Our server has a setting of the same name and meaning (it answers 413 past it).
   */
  readonly maxAttachmentSize?: number | undefined;
}

/**
 * The options of `createStorage`, the seed's `Storage(...)` arguments in camelCase. Anything else
 * is rejected by name. `environmentId`, `clientId`, `clientSecret` and `endpoint` may come from
 * the environment variables `INC_ENVIRONMENT_ID`, `INC_CLIENT_ID`, `INC_CLIENT_SECRET` and
 * `INC_ENDPOINT`.
 */
export interface StorageOptions {
  /** Your environment id (InCountry portal); required, or `INC_ENVIRONMENT_ID`. */
  readonly environmentId?: string | undefined;
  /** OAuth2 client id; with `clientSecret`, or `INC_CLIENT_ID`. Excludes `oauthToken`. */
  readonly clientId?: string | undefined;
  /**
   * OAuth2 client secret; with `clientId`, or `INC_CLIENT_SECRET`. Server-side only: never ship
   * it to a browser. Never logged, never in an error message.
   */
  readonly clientSecret?: string | undefined;
  /**
   * An OAuth token you obtained yourself, sent verbatim as the bearer token; excludes
   * `clientId`/`clientSecret`. The way for browsers. Never logged, never in an error message.
   */
  readonly oauthToken?: string | undefined;
  /** Where encryption secrets come from; required with `encrypt: LOCAL`, refused with `SSE`. */
  readonly secretKeyAccessor?: SecretKeyAccessor | undefined;
  /** A fixed storage API URL (http or https), or `INC_ENDPOINT`; bypasses the countries list. */
  readonly endpoint?: string | undefined;
  /**
   * `EncryptionType.LOCAL` (default: encrypted here), `SSE` (the server encrypts) or `OFF`
   * (stored unencrypted, keys still hashed); `true` means `LOCAL`, `false` means `OFF`.
   */
  readonly encrypt?: EncryptionType | boolean | undefined;
  /** Every result also carries the HTTP response info under `Storage.HTTP_DEBUG_KEY`. */
  readonly debug?: boolean | undefined;
  /** Receives log lines (never bodies, keys, secrets or tokens); `console` and pino fit. */
  readonly logger?: Logger | undefined;
  /** Your own ciphers; need `encrypt: LOCAL` and a secret flagged `isForCustomEncryption`. */
  readonly customEncryptionConfigs?: readonly CustomEncryptionConfig[] | undefined;
  /** Fine-tuning: HTTP timeouts, endpoints, key normalization and hashing. */
  readonly options?: StorageExtraOptions | undefined;
}

/** The defaults of `createStorage`, merged once; durations in milliseconds. */
export interface StorageDefaults {
  /** `LOCAL`: records are encrypted on the client. */
  readonly encrypt: EncryptionType;
  /** `false`: results carry no HTTP response info. */
  readonly debug: boolean;
  /** 30 000 / 1 000 / 32 000 ms, the transport's own defaults. */
  readonly httpOptions: Readonly<Required<HttpOptions>>;
  /** `false`: keys are hashed as given. */
  readonly normalizeKeys: boolean;
  /** `true`: `key1`..`key20` are hashed. */
  readonly hashSearchKeys: boolean;
  /** 104 857 600 bytes (100 MiB): the seed's attachment limit. */
  readonly maxAttachmentSize: number;
}

/**
 * Every default of `createStorage` in one place. The HTTP figures are the transport's, so the
 * two can never disagree; endpoints left out fall to the transport's defaults (InCountry's).
 */
export const DEFAULT_STORAGE_OPTIONS: StorageDefaults = Object.freeze({
  encrypt: 'LOCAL',
  debug: false,
  httpOptions: Object.freeze({
    timeout: DEFAULT_TRANSPORT_OPTIONS.timeout,
    retryBaseDelay: DEFAULT_TRANSPORT_OPTIONS.retryBaseDelay,
    retryMaxDelay: DEFAULT_TRANSPORT_OPTIONS.retryMaxDelay,
  }),
  normalizeKeys: false,
  hashSearchKeys: true,
  maxAttachmentSize: DEFAULT_MAX_ATTACHMENT_SIZE,
});
