// Whether the server is shutting down. Set once by the shutdown (SIGTERM); the app reads it:
// `/readyz` answers 503 so a load balancer stops sending new requests, and every answer carries
// `Connection: close` so keep-alive clients open their next request elsewhere.

/** The draining flag of one server, shared by its app and its shutdown. */
export class DrainState {
  #draining = false;

  /** True once draining began; it never ends (the process exits). */
  get draining(): boolean {
    return this.#draining;
  }

  /** Begins draining; idempotent. */
  begin(): void {
    this.#draining = true;
  }
}
