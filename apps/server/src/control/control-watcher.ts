// Tells a copy of the server that the control plane changed, within a second: LISTEN on the
// change channel for the quick path, and a poll of the change counter as the fallback that
// also covers a dropped LISTEN connection (it is reopened on the next poll). Each notice makes
// the copy re-read its environments once; between changes no request queries the database.

import { Client } from 'pg';
import type { SqlClient } from '../store/sql-client.ts';
import { CONTROL_CHANNEL, CONTROL_SCHEMA } from './control-schema.ts';

/** How often the change counter is polled by default, in milliseconds. */
const DEFAULT_CONTROL_POLL_MS = 500;

// A LISTEN connection not made in this long is given up; the next poll tries again.
const LISTEN_CONNECT_TIMEOUT_MS = 5_000;

/** Options of `startControlWatcher`. */
export interface ControlWatcherOptions {
  /** The control database's URL, for the LISTEN connection. */
  readonly connectionString: string;
  /** The control database's pool, for the poll. */
  readonly client: SqlClient;
  /** Called with the change count on every change seen (maybe twice for one change). */
  readonly onChange: (version: number) => void;
  /** Milliseconds between polls; default 500. */
  readonly pollMs?: number | undefined;
}

/** A running watcher. */
export interface ControlWatcher {
  /**
   * Stops polling and closes the LISTEN connection.
   * @returns When stopped.
   */
  stop(): Promise<void>;
}

/**
 * Starts watching the control plane for changes.
 * @param options The database, the callback and the poll interval.
 * @returns The watcher, once its first count is read and LISTEN is (tried to be) on.
 * @throws The driver's error when the change counter cannot be read.
 */
export async function startControlWatcher(options: ControlWatcherOptions): Promise<ControlWatcher> {
  let version = await readVersion(options.client);
  let stopped = false;
  let polling = false;
  let listener: Client | undefined;
  let connecting: Promise<void> | undefined;
  // Reconnects beside the poll, never inside it: a connection attempt that hangs must not
  // stop the fallback. Only the broken client's own events drop it.
  const reconnect = (): void => {
    connecting ??= listen(options, (broken) => {
      if (listener === broken) listener = undefined;
    })
      .then(async (client) => {
        if (stopped) await client?.end().catch(() => undefined);
        else listener = client;
      })
      .finally(() => {
        connecting = undefined;
      });
  };
  reconnect();
  await connecting;
  const poll = async (): Promise<void> => {
    if (polling || stopped) return;
    polling = true;
    try {
      const current = await readVersion(options.client);
      if (current !== version) {
        version = current;
        options.onChange(current);
      }
    } catch {
      // The database is away: the next poll tries again; the copy serves what it knows.
    } finally {
      polling = false;
    }
    if (listener === undefined && !stopped) reconnect();
  };
  const timer = setInterval(() => void poll(), options.pollMs ?? DEFAULT_CONTROL_POLL_MS);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await connecting;
      const open = listener;
      listener = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}

async function readVersion(client: SqlClient): Promise<number> {
  const { rows } = await client.query<{ version: number }>(
    `SELECT version FROM ${CONTROL_SCHEMA}.changes`,
  );
  return rows[0]?.version ?? 0;
}

// A connection of its own: a pooled one would be handed to queries and lose its LISTEN. A
// connection that errs or ends is reported broken once and closed.
async function listen(
  options: ControlWatcherOptions,
  onBroken: (client: Client) => void,
): Promise<Client | undefined> {
  const client = new Client({
    connectionString: options.connectionString,
    connectionTimeoutMillis: LISTEN_CONNECT_TIMEOUT_MS,
  });
  let connected = false;
  const broken = (ended: boolean): void => {
    if (!connected) return;
    connected = false;
    onBroken(client);
    if (!ended) void client.end().catch(() => undefined);
  };
  client.on('error', () => broken(false));
  client.on('end', () => broken(true));
  try {
    await client.connect();
    // The payload is the change count; anything else is left to the poll.
    client.on('notification', (message) => {
      const version = Number(message.payload);
      if (Number.isSafeInteger(version)) options.onChange(version);
    });
    await client.query(`LISTEN ${CONTROL_CHANNEL}`);
    connected = true;
    return client;
  } catch {
    await client.end().catch(() => undefined);
    return undefined;
  }
}
