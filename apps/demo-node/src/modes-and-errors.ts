// Server-side encryption, and what failures look like: each a typed error the application can
// act on, whose message never holds a key, a body or a secret.
import {
  createStorage,
  InputValidationError,
  isStorageError,
  SecretKeyAccessor,
  StorageCryptoError,
  StorageServerError,
} from '@residency/sdk';
import { connectSse } from './connect.ts';
import { short } from './printer.ts';
import { storedRecords } from './raw-view.ts';
import type { StoryContext } from './records-chapters.ts';

/**
 * Writes and reads in SSE mode, and shows that the server encrypted what it received.
 *
 * @param context The story's credentials and printer.
 */
export async function serverSideEncryption({ credentials, printer }: StoryContext): Promise<void> {
  printer.chapter('Server-side encryption: plaintext to the server, encrypted at rest there');
  const sse = await connectSse(credentials);
  await sse.write('gb', { recordKey: 'sse-ivy', body: '{"name":"Ivy"}', key1: 'London' });
  const { record } = await sse.read('gb', 'sse-ivy');
  printer.line(`SSE read: ${record.recordKey} → ${record.body} (key1 ${record.key1})`);
  const [stored] = await storedRecords(credentials, 'gb', 1);
  printer.line(`stored by the server: record_key ${short(stored?.record_key ?? '')}`);
  printer.line(`                      body ${short(stored?.body ?? '')}`);
}

async function expectError(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('the demo expected this call to fail, and it succeeded');
}

function describe(error: unknown): string {
  if (!isStorageError(error)) throw error;
  return `${error.name}: ${error.message}`;
}

/**
 * Shows a wrong secret, a bad filter and a missing record as typed errors.
 *
 * @param context The story's storage, credentials and printer.
 */
export async function errors({ storage, credentials, printer }: StoryContext): Promise<void> {
  printer.chapter('What failures look like');
  const stranger = await createStorage({
    environmentId: credentials.environmentId,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    endpoint: credentials.endpoint,
    // Same version number, different secret: what a mistyped or stale secret looks like.
    // (version 2: the version the records are at after the rotation chapter).
    secretKeyAccessor: new SecretKeyAccessor({
      currentVersion: 2,
      secrets: [{ secret: 'not the application passphrase', version: 2 }],
    }),
    options: { authEndpoints: { default: credentials.authEndpoint } },
  });
  const wrongSecret = await expectError(() => stranger.read('us', 'person-ada'));
  printer.line(`a wrong secret → ${describe(wrongSecret)}`);
  if (!(wrongSecret instanceof StorageCryptoError)) throw wrongSecret;

  // Types catch most bad filters at compile time; these two are only caught at run time.
  const badFilter = await expectError(() => storage.find('de', { searchKeys: 'ab' }));
  printer.line(`a bad filter → ${describe(badFilter)}`);
  if (!(badFilter instanceof InputValidationError)) throw badFilter;
  const badLimit = await expectError(() => storage.find('de', {}, { limit: 1000 }));
  printer.line(`a bad limit → ${describe(badLimit)}`);
  if (!(badLimit instanceof InputValidationError)) throw badLimit;

  const missing = await expectError(() => storage.read('de', 'nobody'));
  printer.line(`a missing record → ${describe(missing)}`);
  if (!(missing instanceof StorageServerError) || missing.status !== 404) throw missing;
}
