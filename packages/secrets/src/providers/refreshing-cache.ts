// Secrets providers are called for every record encrypted or decrypted (SecretKeyAccessor
// calls its provider on each lookup), while their source is a database or a file. This cache
// answers from memory until the TTL passes, then makes exactly one load however many lookups
// arrive meanwhile (single flight), and hands a fresh value back synchronously so the
// accessor's fast path stays free of promises. Browser-safe: timestamps only, no timers.

/** Options of a `RefreshingCache`. */
export interface RefreshingCacheOptions {
  /** How long a loaded value is served before the next load, in milliseconds; 0 never caches. */
  readonly ttlMilliseconds: number;
}

/** A value loaded on demand, kept for a TTL, and loaded once for a burst of callers. */
export class RefreshingCache<T> {
  readonly #load: () => Promise<T>;
  readonly #ttlMilliseconds: number;
  #value: { readonly value: T; readonly expiresAt: number } | undefined = undefined;
  #pending: Promise<T> | undefined = undefined;
  /** Bumped by `set` and `clear`, so a load that started earlier cannot overwrite them. */
  #epoch = 0;

  /**
   * Creates the cache; nothing is loaded until asked.
   *
   * @param load Loads the value; called at most once at a time.
   * @param options The TTL.
   */
  constructor(load: () => Promise<T>, options: RefreshingCacheOptions) {
    this.#load = load;
    this.#ttlMilliseconds = options.ttlMilliseconds;
  }

  /**
   * Gets the value: the cached one while fresh (synchronously), else the result of one load
   * shared by every caller until it settles.
   *
   * @returns The value, or a promise of it.
   * @throws What `load` throws (as a rejection); nothing is cached then.
   */
  get(): T | Promise<T> {
    const cached = this.#value;
    if (cached !== undefined && Date.now() < cached.expiresAt) return cached.value;
    return this.refresh();
  }

  /**
   * Loads now, ignoring the TTL; joins a load already under way.
   *
   * @returns The loaded value.
   * @throws What `load` throws.
   */
  refresh(): Promise<T> {
    if (this.#pending !== undefined) return this.#pending;
    const epoch = this.#epoch;
    const pending = this.#load().then(
      (value) => {
        if (this.#pending === pending) this.#pending = undefined;
        if (epoch === this.#epoch) this.#store(value);
        return value;
      },
      (error: unknown) => {
        if (this.#pending === pending) this.#pending = undefined;
        throw error;
      },
    );
    this.#pending = pending;
    return pending;
  }

  /**
   * Replaces the value, e.g. with what the caller just wrote; a load under way when this is
   * called will not overwrite it.
   *
   * @param value The new value, fresh for a full TTL.
   */
  set(value: T): void {
    this.#epoch++;
    this.#pending = undefined;
    this.#store(value);
  }

  /** Forgets the value; the next `get` loads. */
  clear(): void {
    this.#epoch++;
    this.#pending = undefined;
    this.#value = undefined;
  }

  #store(value: T): void {
    this.#value = { value, expiresAt: Date.now() + this.#ttlMilliseconds };
  }
}
