// The operator credential's life in a running server: made before the app, published once the
// socket listens (the URL is known only then), withdrawn first on close.

import {
  newOperatorCredential,
  publishOperatorCredential,
  withdrawOperatorCredential,
} from './operator-credential.ts';

/** A server's operator credential and its file. */
export interface OperatorAccess {
  readonly credential: string;
  /**
   * Writes `<data>/operator-credential` with the URL (mode 0600).
   * @param url Where the server listens.
   * @returns When written.
   */
  publish(url: string): Promise<void>;
  /**
   * Removes the file if it is still this server's.
   * @returns When removed.
   */
  withdraw(): Promise<void>;
}

/**
 * Makes a server's operator credential.
 * @param dataDir The data folder the file goes to.
 * @returns The credential and its publication.
 */
export function startOperatorAccess(dataDir: string): OperatorAccess {
  const credential = newOperatorCredential();
  return {
    credential,
    publish: async (url) => {
      await publishOperatorCredential(dataDir, { url, credential });
    },
    withdraw: () => withdrawOperatorCredential(dataDir, credential).catch(() => undefined),
  };
}
