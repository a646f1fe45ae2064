// The page's Storage: the facade, created with the short-lived token the backend hands out (never
// a client secret) and the passphrase typed in the page. A token close to its end is replaced
// before the next call, with a new Storage, since a static token cannot be refreshed in place.
import { createStorage, SecretKeyAccessor, type Storage } from '@residency/sdk';
import { fetchSession } from './api.ts';

/** A new session is fetched when the token has less than this left, in milliseconds. */
const RENEW_MARGIN_MS = 30_000;

/** Creates `Storage` instances on demand, one per token. */
export class StorageSession {
  readonly #passphrase: () => string;
  #current: { readonly storage: Storage; readonly expiresAt: number } | undefined;

  /**
   * @param passphrase Reads the passphrase as typed now; called on every secret lookup, so a
   *   changed passphrase applies to the next call.
   */
  constructor(passphrase: () => string) {
    this.#passphrase = passphrase;
  }

  /**
   * The Storage for the next call, with a token valid for at least 30 seconds.
   *
   * @returns The storage.
   * @throws {Error} The backend gave no session.
   * @throws {StorageClientError} The options or the passphrase were refused.
   */
  async storage(): Promise<Storage> {
    if (this.#current !== undefined && this.#current.expiresAt - Date.now() > RENEW_MARGIN_MS) {
      return this.#current.storage;
    }
    const session = await fetchSession();
    const storage = await createStorage(
      {
        environmentId: session.environmentId,
        oauthToken: session.token,
        // A fixed endpoint: the countries list is not consulted, no token endpoint needed.
        endpoint: session.endpoint,
        secretKeyAccessor: new SecretKeyAccessor(() => this.#passphrase()),
        // Lowercased before hashing, so "Berlin" and "berlin" find the same people.
        options: { normalizeKeys: true },
      },
      // No environment variables: the page's settings are all above.
      {},
    );
    this.#current = { storage, expiresAt: Date.now() + session.expiresIn * 1000 };
    return storage;
  }
}
