// Failed token requests are counted per (client id, source address) and per source address,
// never per client id alone: client ids are not secret, so a count per id would let anyone lock
// its owner out. A count starts at a key's first failure and lasts one window; once a count
// reaches its limit the key is refused with 429 and `Retry-After` until the window ends, even
// with the right secret (else the refusals would still answer guesses). A success clears its
// (client, address) count only: an attacker holding one valid client cannot wash an address.

import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';
import { type FailureCounts, MemoryFailureCounts } from './failure-counts.ts';
import type { LimitSettings } from './limit-settings.ts';
import { sourceAddress, trustedProxySet } from './source-address.ts';

/** Counts failed token requests and says when a client or an address must wait. */
class TokenAttemptLimiter {
  readonly #settings: LimitSettings;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #counts: FailureCounts;

  /**
   * @param settings The limits (failures per client and address, the window).
   * @param logger Where a refusal's start is logged (client id, address; never a secret).
   * @param counts Where the counts live; default this process's memory.
   * @param now The clock, epoch milliseconds.
   */
  constructor(
    settings: LimitSettings,
    logger: Logger,
    counts: FailureCounts = new MemoryFailureCounts(),
    now: () => number = () => Date.now(),
  ) {
    this.#settings = settings;
    this.#logger = logger;
    this.#counts = counts;
    this.#now = now;
  }

  /**
   * Tells whether a request may try to authenticate.
   *
   * @param clientId The client id it names, if any.
   * @param address Its source address.
   * @returns Seconds to wait, or `undefined` when it may go on.
   */
  async retryAfter(clientId: string | undefined, address: string): Promise<number | undefined> {
    const now = this.#now();
    const keys = this.#keys(clientId, address).filter(([, limit]) => limit > 0);
    const counts = await this.#counts.get(
      keys.map(([key]) => key),
      now,
    );
    let wait: number | undefined;
    keys.forEach(([, limit], index) => {
      const count = counts[index];
      if (count !== undefined && count.failures >= limit) {
        wait = Math.max(wait ?? 0, Math.ceil((count.endsAt - now) / 1000));
      }
    });
    return wait;
  }

  /**
   * Counts a failure; logs once when a key reaches its limit (of all copies sharing the counts,
   * the one whose failure reached it).
   *
   * @param clientId The client id it named, if any.
   * @param address Its source address.
   * @param knownClient Whether the id names a registered client: only then is it logged (an
   *   unregistered id is whatever the request sent, and submitted values stay out of the log).
   */
  async failed(clientId: string | undefined, address: string, knownClient = false): Promise<void> {
    const now = this.#now();
    const windowMs = this.#settings.tokenFailureWindowSeconds * 1000;
    for (const [key, limit] of this.#keys(clientId, address)) {
      if (limit === 0) continue;
      const count = await this.#counts.add(key, now, windowMs);
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
   * @returns When cleared.
   */
  succeeded(clientId: string, address: string): Promise<void> {
    return this.#counts.clear(pairKey(clientId, address));
  }

  #keys(clientId: string | undefined, address: string): [string, number][] {
    const keys: [string, number][] = [[`a ${address}`, this.#settings.tokenFailuresPerAddress]];
    if (clientId !== undefined) {
      keys.push([pairKey(clientId, address), this.#settings.tokenFailuresPerClient]);
    }
    return keys;
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
  /** Where failures are counted; default this process's memory. */
  readonly counts?: FailureCounts | undefined;
}

/**
 * The middleware of `POST /oauth2/token` that applies the limits: 429 with `Retry-After` while
 * a key is refused; after the route, a 401 counts as a failure and a 200 clears the count.
 *
 * @param settings The limits and trusted proxies.
 * @param logger Where refusals are logged.
 * @param hooks `isKnownClient` tells whether a client id is registered (only such ids are
 *   logged); `onRefused` is told of every 429 (the metrics count them); `counts` holds the
 *   failures (default this process's memory; the control plane shares them between copies).
 * @returns The middleware.
 * @throws {Error} A trusted proxy entry is neither an address nor a CIDR range.
 */
export function tokenAttemptGuard(
  settings: LimitSettings,
  logger: Logger,
  hooks: TokenAttemptHooks = {},
): MiddlewareHandler {
  const limiter = new TokenAttemptLimiter(
    settings,
    logger,
    hooks.counts ?? new MemoryFailureCounts(),
  );
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
    const wait = await limiter.retryAfter(clientId, address);
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
      await limiter.failed(clientId, address, known);
    } else if (context.res.status === 200 && clientId !== undefined) {
      await limiter.succeeded(clientId, address);
    }
  };
}
