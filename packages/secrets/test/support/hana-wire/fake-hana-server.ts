// A stateful fake SAP HANA server on 127.0.0.1 that speaks enough of the SQL Command Network
// Protocol for the secure store's three CALL statements, written for this project. Its
// answers to duplicates and missing keys are our assumptions (MemorySecureStore), not
// observed HANA behaviour.

import { createServer, type Socket } from 'node:net';
import { MemorySecureStore } from '../memory-secure-store.ts';
import { FakeHanaSession } from './fake-hana-session.ts';

/** Options of `startFakeHanaServer`. */
export interface FakeHanaServerOptions {
  /** The only user that may log in; default `SBSS_FAKE_USER`. */
  readonly user?: string;
  /** Its password. */
  readonly password?: string;
  /** The store's state; a fresh one by default. */
  readonly store?: MemorySecureStore;
  /** `false` makes PREPARE fail with 328 (no secure store). */
  readonly proceduresAvailable?: boolean;
  /** `false` makes EXECUTE fail with 258 (insufficient privilege). */
  readonly privileged?: boolean;
}

/** A running fake server. */
export interface FakeHanaServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly store: MemorySecureStore;
  /** Message types received, by name, and the SQL of each PREPARE (indented). */
  readonly log: string[];
  /** How many client connections were opened. */
  connections(): number;
  /** Credentials as a binding holds them (port as a string, no certificate: plain TCP). */
  credentials(): { host: string; port: string; user: string; password: string };
  close(): Promise<void>;
}

/** Starts a fake server on a free port of 127.0.0.1. */
export async function startFakeHanaServer(
  options: FakeHanaServerOptions = {},
): Promise<FakeHanaServer> {
  const user = options.user ?? 'SBSS_FAKE_USER';
  const password = options.password ?? 'fake-password-Secret-1';
  const store = options.store ?? new MemorySecureStore();
  const log: string[] = [];
  const sockets = new Set<Socket>();
  let sessionIds = 100_000n;
  let opened = 0;
  const context = {
    user,
    password,
    store,
    proceduresAvailable: options.proceduresAvailable ?? true,
    privileged: options.privileged ?? true,
    log,
    // hana-client needs a non-zero session id in the CONNECT reply's header.
    nextSessionId: () => ++sessionIds,
  };
  const server = createServer((socket) => {
    opened++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new FakeHanaSession(socket, context);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const host = '127.0.0.1';
  return {
    host,
    port: address.port,
    user,
    password,
    store,
    log,
    connections: () => opened,
    credentials: () => ({ host, port: String(address.port), user, password }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
