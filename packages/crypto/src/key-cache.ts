/**
 * A bounded least-recently-used map of promised keys that also makes derivations single-flight:
 * callers asking for a key while it is being derived share the one pending promise instead of
 * deriving it again. A rejected derivation is forgotten, so the next caller retries.
 *
 * @typeParam Value The cached value, a backend's key handle.
 */
export class KeyCache<Value> {
  readonly #capacity: number;
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used
  // entry first, so eviction is `keys().next()`.
  readonly #entries: Map<string, Promise<Value>> = new Map();
  // The most recently used id: hitting it again needs no reordering (the common case of a
  // writer reading back its own reused key).
  #newest: string | undefined;

  /**
   * Creates an empty cache.
   *
   * @param capacity The most entries kept; 0 disables caching (and single-flight).
   */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** How many keys are cached or being derived now; never more than the capacity. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Gets the cached promise for an id, or starts and caches a new one.
   *
   * @param id The cache key: never a secret, only a fingerprint of it.
   * @param create Starts the derivation; called only on a miss.
   * @returns The shared promise of the value.
   */
  getOrCreate(id: string, create: () => Promise<Value>): Promise<Value> {
    const cached = this.#entries.get(id);
    if (cached !== undefined) {
      if (id !== this.#newest) {
        this.#entries.delete(id);
        this.#entries.set(id, cached);
        this.#newest = id;
      }
      return cached;
    }
    const created = create();
    if (this.#capacity === 0) return created;
    this.#entries.set(id, created);
    this.#newest = id;
    if (this.#entries.size > this.#capacity) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    created.catch(() => {
      if (this.#entries.get(id) === created) this.#entries.delete(id);
    });
    return created;
  }

  /** Forgets every key. */
  clear(): void {
    this.#entries.clear();
    this.#newest = undefined;
  }
}
