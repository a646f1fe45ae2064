// Builds a RecordStorage on a real transport (pointed at a fixed test endpoint) and a real
// codec, plus msw handlers for the PoP; each test file owns its own msw server.

import { Cipher } from '@residency/crypto';
import type { ServerRecord } from '@residency/protocol';
import { SecretKeyAccessor } from '@residency/secrets';
import {
  createRecordingHandler,
  type RecordedMethod,
  type RecordingHandler,
  type RecordingResolver,
  tokenHandler,
} from '@residency/testing';
import { createTransport, type Logger, type TransportOptions } from '@residency/transport';
import {
  type EncryptionType,
  type RecordCodec,
  type RecordInput,
  RecordStorage,
} from '../../src/index.ts';
import { ENV, testCodec } from './codecs.ts';

/** The fixed PoP endpoint of the tests. */
export const HOST = 'https://test.local';

/** The records prefix of a country on the test host. */
const recordsUrl = (country: string, path = ''): string =>
  `${HOST}/v2/storage/records/${country}${path}`;

/** The path part of `recordsUrl`, as recorded calls show it. */
export const recordsPath = (country: string, path = ''): string =>
  `/v2/storage/records/${country}${path}`;

/** A fixed creation date the fake server stamps. */
export const CREATED_AT = '2024-05-01T10:00:00.000Z';

/** Options of `createHarness`. */
export interface HarnessOptions {
  readonly encryption?: EncryptionType;
  readonly hashSearchKeys?: boolean;
  readonly normalizeKeys?: boolean;
  readonly debug?: boolean;
  readonly logger?: Logger;
  readonly cipher?: Cipher;
  /** LOCAL: read `pt:` bodies. */
  readonly acceptPlaintextBodies?: boolean;
  /** Overrides of the transport options (credentials, endpoint, retries…). */
  readonly transport?: Partial<TransportOptions>;
}

/** A storage and the codec it uses. */
export interface Harness {
  readonly storage: RecordStorage;
  readonly codec: RecordCodec;
}

/**
 * Builds a storage: OAuth client credentials against the default token URL, the fixed test
 * endpoint, and a codec on the test secrets (LOCAL unless told).
 */
export function createHarness(options: HarnessOptions = {}): Harness {
  const { encryption = 'LOCAL' } = options;
  const codec = testCodec(encryption, {
    ...(options.hashSearchKeys === undefined ? {} : { hashSearchKeys: options.hashSearchKeys }),
    ...(options.normalizeKeys === undefined ? {} : { normalizeKeys: options.normalizeKeys }),
    ...(options.cipher === undefined ? {} : { cipher: options.cipher }),
    ...(options.acceptPlaintextBodies === undefined
      ? {}
      : { acceptPlaintextBodies: options.acceptPlaintextBodies }),
  });
  const transport = createTransport({
    environmentId: ENV,
    clientId: 'client-id',
    clientSecret: 'client-secret',
    endpoint: HOST,
    ...options.transport,
  } as TransportOptions);
  const storage = new RecordStorage({
    transport,
    codec,
    debug: options.debug,
    logger: options.logger,
  });
  return { storage, codec };
}

/** A token endpoint answering every request. */
export const tokens = (): RecordingHandler => tokenHandler();

/** A recording handler on the records prefix of the test host. */
export function popHandler(
  method: RecordedMethod,
  country: string,
  path: string,
  resolver: RecordingResolver,
): RecordingHandler {
  return createRecordingHandler(method, recordsUrl(country, path), resolver);
}

/** What our server does with a written record: stores it and echoes it with dates. */
export function echoed(sent: unknown): ServerRecord {
  return {
    ...(sent as ServerRecord),
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
    attachments: [],
  };
}

/** A server record as the server stores a record written with `codec`. */
export async function stored(
  codec: RecordCodec,
  record: RecordInput,
  createdAt: string = CREATED_AT,
): Promise<ServerRecord> {
  const wire = await codec.encode(record as never);
  return { ...echoed(wire), created_at: createdAt, updated_at: createdAt };
}

/** Handlers that record any request to any URL: proof that nothing was sent. */
export function anyRequest(): RecordingHandler[] {
  const answer = () => Response.json({});
  return (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map((method) =>
    createRecordingHandler(method, '*', answer),
  );
}

/** A logger that keeps every call. */
export function recordingLogger(): Logger & { lines: { level: string; args: unknown[] }[] } {
  const lines: { level: string; args: unknown[] }[] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push({ level, args });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A cipher on one secret that the test codecs do not know. */
export function foreignCipher(): Cipher {
  return new Cipher({
    secrets: new SecretKeyAccessor({
      currentVersion: 2,
      secrets: [{ secret: 'some-other-password', version: 2 }],
    }),
  });
}
