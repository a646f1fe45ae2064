// Builds attachment storages on a real transport (pointed at a fixed test endpoint) and a real
// codec, plus msw handlers for the attachment routes; each test file owns its msw server.

import { EncryptionType, RecordCodec } from '@residency/storage';
import {
  createRecordingHandler,
  type RecordedMethod,
  type RecordingHandler,
  type RecordingResolver,
  tokenHandler,
} from '@residency/testing';
import { createTransport, type TransportOptions } from '@residency/transport';
import { AttachmentStorage, type AttachmentStorageOptions } from '../../src/index.node.ts';

/** The fixed PoP endpoint of the tests. */
const HOST = 'https://pop.test';
/** The environment id of the tests: the salt of the key hashes. */
const ENV = 'env-attachments';

/** Options of `createAttachments`. */
export interface HarnessOptions
  extends Partial<Omit<AttachmentStorageOptions, 'transport' | 'codec'>> {
  /** `OFF` (keys hashed) unless told. */
  readonly encryption?: EncryptionType;
  /** Overrides of the transport options. */
  readonly transport?: Partial<TransportOptions>;
}

/** The codec of a mode: keys are hashed in `OFF` as in `LOCAL`, raw in `SSE`. */
function testCodec(encryption: EncryptionType = EncryptionType.OFF): RecordCodec {
  return new RecordCodec({ environmentId: ENV, encryption });
}

/**
 * Builds the storage's options: client credentials, the fixed endpoint, a codec.
 *
 * @param options Mode, limit, debug, transport overrides.
 * @returns The options, for either entry's `AttachmentStorage`.
 */
export function harnessOptions(options: HarnessOptions = {}): AttachmentStorageOptions {
  const { encryption, transport, ...rest } = options;
  return {
    transport: createTransport({
      environmentId: ENV,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      endpoint: HOST,
      ...transport,
    } as TransportOptions),
    codec: testCodec(encryption),
    ...rest,
  };
}

/** The Node entry's storage (file paths accepted). */
export function createAttachments(options: HarnessOptions = {}): AttachmentStorage {
  return new AttachmentStorage(harnessOptions(options));
}

/** The stored (hashed) key of a record, as the URL carries it. */
export const storedKey = (recordKey: string): string =>
  testCodec().hashKeyField('record_key', recordKey);

/** The records prefix of a country on the test host. */
const recordsUrl = (country: string, path = ''): string =>
  `${HOST}/v2/storage/records/${country}${path}`;

/** A token endpoint answering every request. */
export const tokens = (): RecordingHandler => tokenHandler();

/** A recording handler below a record's attachments. */
export function attachmentHandler(
  method: RecordedMethod,
  path: string,
  resolver: RecordingResolver,
  country = 'us',
): RecordingHandler {
  return createRecordingHandler(method, recordsUrl(country, path), resolver);
}

/** A stream of `count` chunks of `size` bytes, each filled with its index; counts its pulls. */
export function countedStream(
  count: number,
  size: number,
): {
  stream: ReadableStream<Uint8Array>;
  pulls: () => number;
  cancelled: () => unknown;
} {
  let pulls = 0;
  let cancelled: unknown;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulls >= count) {
          controller.close();
          return;
        }
        controller.enqueue(new Uint8Array(size).fill(pulls % 256));
        pulls += 1;
      },
      cancel(reason) {
        cancelled = reason ?? 'cancelled';
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls, cancelled: () => cancelled };
}

/** Reads a whole stream. */
export async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
