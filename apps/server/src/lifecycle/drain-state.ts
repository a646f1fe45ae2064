// Whether the server is shutting down, and which requests are still being handled. Set once by
// the shutdown (SIGTERM); the app reads it: `/readyz` answers 503 so a load balancer stops
// sending requests, and every answer carries `Connection: close` so a keep-alive client opens
// its next request elsewhere. The shutdown waits on `settled` before it closes the stores, so no
// handler is left holding a statement on a closed database.

/** The draining flag and request count of one server, shared by its app and its shutdown. */
export class DrainState {
  #draining = false;
  #handling = 0;
  #waiters: (() => void)[] = [];

  /** True once draining began; it never ends (the process exits). */
  get draining(): boolean {
    return this.#draining;
  }

  /** Requests whose handler has not returned yet. */
  get handling(): number {
    return this.#handling;
  }

  /** Begins draining; idempotent. */
  begin(): void {
    this.#draining = true;
  }

  /** Counts a request whose handler starts (the app's first middleware). */
  enter(): void {
    this.#handling += 1;
  }

  /** Counts a request whose handler returned or threw. */
  leave(): void {
    this.#handling -= 1;
    if (this.#handling > 0) return;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /**
   * Waits until no handler runs, or the time is up.
   *
   * @param timeoutMs The longest wait, in milliseconds.
   * @returns True when every handler returned, false when the time ran out first.
   */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.#handling === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
