// Where failed token requests are counted: in this process (PGlite: one copy), or in the
// control plane (PostgreSQL: every copy adds to the same counts, so N copies do not allow N
// times the attempts). A count starts at a key's first failure and lasts one window.

/** A key's live count. */
export interface FailureCount {
  readonly failures: number;
  /** When the window ends, epoch milliseconds. */
  readonly endsAt: number;
}

/** Counts of failed attempts per key, each in its own window. */
export interface FailureCounts {
  /**
   * Reads the live counts of keys.
   * @param keys The keys.
   * @param now The current time, epoch milliseconds.
   * @returns One entry per key, `undefined` where there is no live count.
   */
  get(keys: readonly string[], now: number): Promise<(FailureCount | undefined)[]>;
  /**
   * Adds one failure atomically, starting a window `windowMs` long when none is live.
   * @param key The key.
   * @param now The current time, epoch milliseconds.
   * @param windowMs The window's length.
   * @returns The count after this failure.
   */
  add(key: string, now: number, windowMs: number): Promise<FailureCount>;
  /**
   * Forgets a key's count.
   * @param key The key.
   * @returns When forgotten.
   */
  clear(key: string): Promise<void>;
}

/** Keys kept at most in memory; past it the oldest windows are forgotten first. */
const MAX_KEYS = 100_000;

/** Counts kept in this process. */
export class MemoryFailureCounts implements FailureCounts {
  readonly #counts = new Map<string, FailureCount>();

  /**
   * Reads the live counts of keys, forgetting ended ones.
   * @param keys The keys.
   * @param now The current time, epoch milliseconds.
   * @returns One entry per key.
   */
  async get(keys: readonly string[], now: number): Promise<(FailureCount | undefined)[]> {
    return keys.map((key) => this.#live(key, now));
  }

  /**
   * Adds one failure.
   * @param key The key.
   * @param now The current time, epoch milliseconds.
   * @param windowMs The window's length.
   * @returns The count after this failure.
   */
  async add(key: string, now: number, windowMs: number): Promise<FailureCount> {
    const live = this.#live(key, now);
    if (live === undefined && this.#counts.size >= MAX_KEYS) {
      const oldest = this.#counts.keys().next();
      if (oldest.done !== true) this.#counts.delete(oldest.value);
    }
    const count = {
      failures: (live?.failures ?? 0) + 1,
      endsAt: live?.endsAt ?? now + windowMs,
    };
    // A key already there keeps its place, so the map stays ordered by window start.
    this.#counts.set(key, count);
    return count;
  }

  /**
   * Forgets a key's count.
   * @param key The key.
   * @returns At once.
   */
  async clear(key: string): Promise<void> {
    this.#counts.delete(key);
  }

  #live(key: string, now: number): FailureCount | undefined {
    const count = this.#counts.get(key);
    if (count === undefined || count.endsAt > now) return count;
    this.#counts.delete(key);
    return undefined;
  }
}
