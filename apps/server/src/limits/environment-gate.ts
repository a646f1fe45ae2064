// Records requests take a slot before they run: at most `environmentConcurrency` per environment
// and `recordsConcurrency` in all. Waiting requests queue per environment, and a freed slot goes
// to the environments in turn, so one environment flooding the server waits behind itself while
// another's request runs next. A full queue answers 429 with `Retry-After`, which the SDKs
// honour. PGlite runs one query at a time per country: without the turn-taking a trivial find
// waits behind every heavy query queued before it.

import type { MiddlewareHandler } from 'hono';
import { ApiError, errorBody } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { LimitSettings } from './limit-settings.ts';

/** What a 429 from a full queue asks the client to wait, in seconds. */
const QUEUE_FULL_RETRY_SECONDS = 1;

interface Lane {
  running: number;
  readonly waiting: (() => void)[];
}

/** Slots for records requests, shared fairly between environments. */
export class EnvironmentGate {
  readonly #perEnvironment: number;
  readonly #queue: number;
  readonly #total: number;
  readonly #lanes = new Map<string, Lane>();
  #running = 0;

  /**
   * @param settings `environmentConcurrency`, `environmentQueue`, `recordsConcurrency` (0 = no
   *   limit for either concurrency).
   */
  constructor(settings: LimitSettings) {
    this.#perEnvironment = settings.environmentConcurrency || Number.POSITIVE_INFINITY;
    this.#queue = settings.environmentQueue;
    this.#total = settings.recordsConcurrency || Number.POSITIVE_INFINITY;
  }

  /**
   * Takes a slot for an environment, waiting in its queue if need be.
   *
   * @param environmentId The environment.
   * @returns The release function, or `undefined` when the queue is full (answer 429).
   */
  async acquire(environmentId: string): Promise<(() => void) | undefined> {
    const lane = this.#lane(environmentId);
    if (lane.waiting.length === 0 && this.#canRun(lane)) {
      this.#start(lane);
    } else {
      if (lane.waiting.length >= this.#queue) return undefined;
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.running -= 1;
      this.#running -= 1;
      this.#grant();
    };
  }

  #lane(environmentId: string): Lane {
    let lane = this.#lanes.get(environmentId);
    if (lane === undefined) {
      lane = { running: 0, waiting: [] };
      this.#lanes.set(environmentId, lane);
    }
    return lane;
  }

  #canRun(lane: Lane): boolean {
    return lane.running < this.#perEnvironment && this.#running < this.#total;
  }

  #start(lane: Lane): void {
    lane.running += 1;
    this.#running += 1;
  }

  // Hands free slots to waiting requests, one environment at a time in turn: the lane served
  // moves to the back of the map's order.
  #grant(): void {
    let progressed = true;
    while (progressed && this.#running < this.#total) {
      progressed = false;
      for (const [id, lane] of this.#lanes) {
        if (lane.waiting.length === 0 || !this.#canRun(lane)) continue;
        this.#start(lane);
        (lane.waiting.shift() as () => void)();
        this.#lanes.delete(id);
        this.#lanes.set(id, lane);
        progressed = true;
        break;
      }
    }
    for (const [id, lane] of this.#lanes) {
      if (lane.running === 0 && lane.waiting.length === 0) this.#lanes.delete(id);
    }
  }
}

/**
 * The middleware that runs records requests (not attachment transfers) through the gate.
 *
 * @param settings The concurrency limits.
 * @param onRefused Told of every 429 (the metrics count them).
 * @returns The middleware; it must follow `requireToken` (it reads `claims`).
 */
export function environmentGate(
  settings: LimitSettings,
  onRefused: () => void = () => undefined,
): MiddlewareHandler<AppEnv> {
  if (settings.environmentConcurrency === 0 && settings.recordsConcurrency === 0) {
    return (_context, next) => next();
  }
  const gate = new EnvironmentGate(settings);
  return async (context, next) => {
    // Uploads and downloads last as long as the client's connection: they would hold a slot
    // for minutes. Their metadata routes are JSON and take a slot like any other.
    if (/\/attachments(\/[^/]+)?$/.test(context.req.path)) return next();
    const release = await gate.acquire(context.get('claims').environmentId);
    if (release === undefined) {
      onRefused();
      context.header('Retry-After', String(QUEUE_FULL_RETRY_SECONDS));
      const problem = ApiError.of(
        429,
        'x-env-id',
        'has too many requests in progress; retry later',
      );
      return context.json(errorBody(429, problem.problems), 429);
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
