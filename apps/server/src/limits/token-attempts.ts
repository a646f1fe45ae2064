// Failed token requests are counted per (client id, source address) and per source address,
// never per client id alone: client ids are not secret, so a count per id would let anyone lock
// its owner out. A count starts at a key's first failure and lasts one window; once a count
// reaches its limit the key is refused with 429 and `Retry-After` until the window ends, even
// with the right secret (else the refusals would still answer guesses). A success clears its
// (client, address) count only: an attacker holding one valid client cannot wash an address.

import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';
import type { LimitSettings } from './limit-settings.ts';
import { sourceAddress, trustedProxySet } from './source-address.ts';

/** Keys kept at most; past it the oldest windows are forgotten first. */
const MAX_KEYS = 100_000;

interface Count {
  failures: number;
  readonly endsAt: number;
}

/** Counts failed token requests and says when a client or an address must wait. */
export class TokenAttemptLimiter {
  readonly #settings: LimitSettings;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #counts = new Map<string, Count>();

  /**
   * @param settings The limits (failures per client and address, the window).
   * @param logger Where a refusal's start is logged (client id, address; never a secret).
   * @param now The clock, epoch milliseconds.
   */
  constructor(settings: LimitSettings, logger: Logger, now: () => number = () => Date.now()) {
    this.#settings = settings;
    this.#logger = logger;
    this.#now = now;
  }

  /**
   * Tells whether a request may try to authenticate.
   *
   * @param clientId The client id it names, if any.
   * @param address Its source address.
   * @returns Seconds to wait, or `undefined` when it may go on.
   */
  retryAfter(clientId: string | undefined, address: string): number | undefined {
    const now = this.#now();
    let wait: number | undefined;
    for (const [key, limit] of this.#keys(clientId, address)) {
      const count = this.#live(key, now);
      if (count !== undefined && limit > 0 && count.failures >= limit) {
        wait = Math.max(wait ?? 0, Math.ceil((count.endsAt - now) / 1000));
      }
    }
    return wait;
  }

  /**
   * Counts a failure; logs once when a key reaches its limit.
   *
   * @param clientId The client id it named, if any.
   * @param address Its source address.
   * @param knownClient Whether the id names a registered client: only then is it logged (an
   *   unregistered id is whatever the request sent, and submitted values stay out of the log).
   */
  failed(clientId: string | undefined, address: string, knownClient = false): void {
    const now = this.#now();
    for (const [key, limit] of this.#keys(clientId, address)) {
      if (limit === 0) continue;
      const count = this.#live(key, now) ?? this.#start(key, now);
      count.failures += 1;
      if (count.failures === limit) {
        const client = knownClient
          ? `client ${logText(clientId ?? '')}`
          : 'an unregistered client id';
        const who = key.startsWith('c') ? `${client} from` : 'address';
        this.#logger.warn(
          `token requests refused for ${this.#settings.tokenFailureWindowSeconds} s at most: ${limit} failed attempts by ${who} ${logText(address)}`,
        );
      }
    }
  }

  /**
   * Clears the (client, address) count after a success.
   *
   * @param clientId The client.
   * @param address Its source address.
   */
  succeeded(clientId: string, address: string): void {
    this.#counts.delete(pairKey(clientId, address));
  }

  #keys(clientId: string | undefined, address: string): [string, number][] {
    const keys: [string, number][] = [[`a ${address}`, this.#settings.tokenFailuresPerAddress]];
    if (clientId !== undefined) {
      keys.push([pairKey(clientId, address), this.#settings.tokenFailuresPerClient]);
    }
    return keys;
  }

  #live(key: string, now: number): Count | undefined {
    const count = this.#counts.get(key);
    if (count === undefined || count.endsAt > now) return count;
    this.#counts.delete(key);
    return undefined;
  }

  #start(key: string, now: number): Count {
    if (this.#counts.size >= MAX_KEYS) {
      const oldest = this.#counts.keys().next();
      if (oldest.done !== true) this.#counts.delete(oldest.value);
    }
    const count = { failures: 0, endsAt: now + this.#settings.tokenFailureWindowSeconds * 1000 };
    this.#counts.set(key, count);
    return count;
  }
}

function pairKey(clientId: string, address: string): string {
  return `c ${address} ${clientId}`;
}

// A registered client id or an address, quoted as JSON (CR, LF and other controls escaped) and
// cut short, so no text can forge a log line or flood the log.
function logText(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function basicClientId(header: string): string | undefined {
  const match = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : undefined;
}

/** What the token route's limiter asks and tells its server. */
export interface TokenAttemptHooks {
  /** Whether a client id names a registered client; default: none does. */
  readonly isKnownClient?: ((clientId: string) => Promise<boolean>) | undefined;
  /** Called on every 429. */
  readonly onRefused?: (() => void) | undefined;
}

/**
 * The middleware of `POST /oauth2/token` that applies the limits: 429 with `Retry-After` while
 * a key is refused; after the route, a 401 counts as a failure and a 200 clears the count.
 *
 * @param settings The limits and trusted proxies.
 * @param logger Where refusals are logged.
 * @param hooks `isKnownClient` tells whether a client id is registered (only such ids are
 *   logged); `onRefused` is told of every 429 (the metrics count them).
 * @returns The middleware.
 * @throws {Error} A trusted proxy entry is neither an address nor a CIDR range.
 */
export function tokenAttemptGuard(
  settings: LimitSettings,
  logger: Logger,
  hooks: TokenAttemptHooks = {},
): MiddlewareHandler {
  const limiter = new TokenAttemptLimiter(settings, logger);
  const trusted = trustedProxySet(settings.trustedProxies);
  return async (context, next) => {
    const address = sourceAddress(context, trusted);
    const header = context.req.header('authorization');
    let clientId: string | undefined;
    if (header !== undefined && header !== '') {
      clientId = basicClientId(header);
    } else if (
      /^application\/x-www-form-urlencoded\b/i.test(context.req.header('content-type') ?? '')
    ) {
      // Hono keeps the text, so the route reads the same body again.
      clientId = new URLSearchParams(await context.req.text()).get('client_id') || undefined;
    }
    const wait = limiter.retryAfter(clientId, address);
    if (wait !== undefined) {
      hooks.onRefused?.();
      context.header('Retry-After', String(wait));
      context.header('Cache-Control', 'no-store');
      return context.json(
        // The platform's OAuth error body (protocol.md §2.3), as the token route's other errors.
        {
          error: 'slow_down',
          error_description: 'Too many failed token requests',
          error_hint: `retry after ${wait} s`,
          status_code: 429,
        },
        429,
      );
    }
    await next();
    if (context.res.status === 401) {
      const known = clientId !== undefined && ((await hooks.isKnownClient?.(clientId)) ?? false);
      limiter.failed(clientId, address, known);
    } else if (context.res.status === 200 && clientId !== undefined) {
      limiter.succeeded(clientId, address);
    }
  };
}
