/** Bytes drawn from the platform at once; a record needs 12 (IV) or 76 (salt and IV). */
const POOL_SIZE = 4096;
/** Larger requests bypass the pool. */
const MAX_POOLED = 256;

/**
 * Hands out cryptographically secure random bytes from a pool refilled in 4 KiB draws, so the
 * 12-byte IV of each message does not cost a call into the platform (as Node pools
 * `randomUUID`). Each byte is handed out once, as a copy. Pooled bytes only ever become IVs
 * and salts, which are public in every ciphertext anyway.
 */
export class RandomPool {
  readonly #fill: (bytes: Uint8Array) => void;
  #pool: Uint8Array = new Uint8Array(0);
  #offset = 0;

  /**
   * Creates an empty pool; nothing is drawn until the first request.
   *
   * @param fill Fills an array with secure random bytes, up to 65,536 at a time.
   */
  constructor(fill: (bytes: Uint8Array) => void) {
    this.#fill = fill;
  }

  /**
   * Takes fresh random bytes.
   *
   * @param length How many bytes.
   * @returns Bytes never handed out before.
   */
  take(length: number): Uint8Array {
    if (length > MAX_POOLED) {
      const bytes = new Uint8Array(length);
      for (let offset = 0; offset < length; offset += 65_536) {
        this.#fill(bytes.subarray(offset, offset + 65_536));
      }
      return bytes;
    }
    if (this.#offset + length > this.#pool.length) {
      // A new array, never a refill in place: bytes already handed out stay untouched.
      this.#pool = new Uint8Array(POOL_SIZE);
      this.#fill(this.#pool);
      this.#offset = 0;
    }
    const bytes = this.#pool.slice(this.#offset, this.#offset + length);
    // Wipe what was handed out, so the pool holds only bytes not yet used.
    this.#pool.fill(0, this.#offset, this.#offset + length);
    this.#offset += length;
    return bytes;
  }
}
