// The app's Prometheus metrics, on a registry of its own (never prom-client's global one: two
// apps in one process, as in the tests, would register the same names twice). Every label
// value comes from a closed set (route-labels.ts): method, route template, served country or
// `none`, status, refusal kind, connection state. Store gauges are read at scrape time.

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { StoreProvider } from '../store/index.ts';

/** Why a rate limit refused a request with 429. */
export const RateLimitKind: {
  readonly TOKEN_ATTEMPTS: 'token_attempts';
  readonly ENVIRONMENT_GATE: 'environment_gate';
} = Object.freeze({
  /** Too many failed token requests (`/oauth2/token`, limits/token-attempts.ts). */
  TOKEN_ATTEMPTS: 'token_attempts',
  /** An environment's queue of records requests was full (limits/environment-gate.ts). */
  ENVIRONMENT_GATE: 'environment_gate',
} as const);

/** A rate-limit refusal kind. */
export type RateLimitKind = (typeof RateLimitKind)[keyof typeof RateLimitKind];

/** One answered request, as labels. */
export interface RequestObservation {
  readonly method: string;
  readonly route: string;
  /** A served country code, or `none`. */
  readonly country: string;
  readonly status: number;
  readonly durationSeconds: number;
}

// From a cached find (a few ms) to a large upload or a slow PostgreSQL (tens of seconds).
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The metrics of one app. */
export class AppMetrics {
  /** The registry `/metrics` serializes. */
  readonly registry: Registry;
  readonly #requests: Counter<'method' | 'route' | 'country' | 'status'>;
  readonly #duration: Histogram<'route' | 'status'>;
  readonly #inFlight: Gauge;
  readonly #refusals: Counter<'kind'>;

  /**
   * @param stores The stores whose connections and open state are reported at each scrape.
   */
  constructor(stores: StoreProvider) {
    this.registry = new Registry();
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#requests = new Counter({
      name: 'residency_http_requests_total',
      help: 'Requests answered, by method, route template, served country and status.',
      labelNames: ['method', 'route', 'country', 'status'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'residency_http_request_duration_seconds',
      help: 'Time from a request to its answer, by route template and status.',
      labelNames: ['route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#inFlight = new Gauge({
      name: 'residency_http_requests_in_flight',
      help: 'Requests being answered now.',
      registers,
    });
    this.#refusals = new Counter({
      name: 'residency_rate_limit_refusals_total',
      help: 'Requests refused with 429 by a rate limit, by kind.',
      labelNames: ['kind'],
      registers,
    });
    addStoreGauges(stores, registers);
  }

  /** Counts a request as in flight. */
  requestStarted(): void {
    this.#inFlight.inc();
  }

  /**
   * Counts an answered request and its latency, and takes it out of the in-flight count.
   *
   * @param observation Its labels and duration.
   */
  requestEnded(observation: RequestObservation): void {
    this.#inFlight.dec();
    const status = String(observation.status);
    const { method, route, country } = observation;
    this.#requests.inc({ method, route, country, status });
    this.#duration.observe({ route, status }, observation.durationSeconds);
  }

  /**
   * Counts a rate-limit refusal.
   *
   * @param kind Which limit refused.
   */
  refused(kind: RateLimitKind): void {
    this.#refusals.inc({ kind });
  }
}

function addStoreGauges(stores: StoreProvider, registers: Registry[]): void {
  new Gauge({
    name: 'residency_store_connections',
    help: 'Database connections of all countries, by state (PGlite: its one connection).',
    labelNames: ['state'],
    registers,
    collect() {
      const { connections } = stores.health();
      this.set({ state: 'in_use' }, connections.inUse);
      this.set({ state: 'idle' }, connections.idle);
    },
  });
  new Gauge({
    name: 'residency_store_queries_waiting',
    help: 'Statements waiting for a database connection.',
    registers,
    collect() {
      this.set(stores.health().connections.waiting);
    },
  });
  new Gauge({
    name: 'residency_store_open',
    help: "1 while a served country's database is open, else 0.",
    labelNames: ['country'],
    registers,
    collect() {
      for (const { code, open } of stores.health().countries) {
        this.set({ country: code }, open ? 1 : 0);
      }
    },
  });
}
