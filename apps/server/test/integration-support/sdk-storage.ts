// The facade SDK pointed at a test server exactly as an application would point it at a
// deployment: `endpoint`, the token URL and the countries list, with a client's credentials.

import { randomBytes } from 'node:crypto';
import { createStorage, EncryptionType, SecretKeyAccessor, type Storage } from '@residency/sdk';
import type { NewClient } from '../../src/index.ts';

/** What to connect with beyond the server and the client. */
export interface ConnectOptions {
  /** `LOCAL` (default), `SSE` or `OFF`. */
  readonly encrypt?: (typeof EncryptionType)[keyof typeof EncryptionType];
  /** The secrets; default a password secret (`LOCAL` and `OFF` only). */
  readonly secretKeyAccessor?: SecretKeyAccessor;
  /** `false` stores `key1..20` in plain text and enables `searchKeys` and `$like`. */
  readonly hashSearchKeys?: boolean;
  /** The largest upload `addAttachment` sends, in bytes; default the SDK's 100 MiB. */
  readonly maxAttachmentSize?: number;
  /** `LOCAL`: read `pt:` bodies (default `false`: refused). */
  readonly acceptPlaintextBodies?: boolean;
}

/**
 * A raw-key secret, as a KMS data key would be given: 32 random bytes, base64.
 * @returns An accessor holding it as version 1.
 */
export function rawKeyAccessor(): SecretKeyAccessor {
  return new SecretKeyAccessor({
    currentVersion: 1,
    secrets: [{ secret: randomBytes(32).toString('base64'), version: 1, isKey: true }],
  });
}

/**
 * Creates a `Storage` for a client of a server.
 * @param url The server's base URL.
 * @param client The client's environment id, client id and secret.
 * @param options Encryption mode, secrets, `hashSearchKeys`, `acceptPlaintextBodies`.
 * @returns The storage, validated by `createStorage` (no request sent yet).
 */
export function connectStorage(
  url: string,
  client: NewClient,
  options: ConnectOptions = {},
): Promise<Storage> {
  const encrypt = options.encrypt ?? EncryptionType.LOCAL;
  const secrets =
    encrypt === EncryptionType.SSE
      ? {}
      : { secretKeyAccessor: options.secretKeyAccessor ?? new SecretKeyAccessor('test password') };
  return createStorage(
    {
      environmentId: client.environmentId,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      endpoint: url,
      encrypt,
      ...secrets,
      ...(options.acceptPlaintextBodies === undefined
        ? {}
        : { acceptPlaintextBodies: options.acceptPlaintextBodies }),
      options: {
        authEndpoints: { default: `${url}/oauth2/token` },
        countriesEndpoint: `${url}/countries`,
        ...(options.hashSearchKeys === undefined ? {} : { hashSearchKeys: options.hashSearchKeys }),
        ...(options.maxAttachmentSize === undefined
          ? {}
          : { maxAttachmentSize: options.maxAttachmentSize }),
      },
    },
    // The test's own environment variables (INC_*) must not leak into the options.
    {},
  );
}

/**
 * The pieces of a download stream, read one by one (the DOM typings give `ReadableStream` no
 * async iterator).
 * @param stream A download's `file`.
 * @returns The pieces, for `digest` or a loop.
 */
export async function* streamPieces(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
