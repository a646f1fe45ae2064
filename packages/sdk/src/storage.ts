import { RecordStorage } from '@residency/storage';

/**
 * The records API of one environment: `write`, `batchWrite`, `read`, `find`, `findOne`,
 * `iterate`, `delete`, `batchDelete` and `healthCheck`, each taking the country first (the
 * seed's `Storage`). Create it with `createStorage`, which validates the options and the secrets
 * up front; the constructor takes a ready transport and codec and checks neither the options
 * nor the secrets.
 *
 * The facade's own class, so that attachments and `migrate` can be added here without changing
 * what users import. With `debug: true` every result also carries the HTTP response info under
 * `Storage.HTTP_DEBUG_KEY` (`'httpResponse'`).
 *
 * @example
 * ```ts
 * import { createStorage, SecretKeyAccessor } from '@residency/sdk';
 *
 * const storage = await createStorage({
 *   environmentId: '<environment id>',
 *   clientId: '<client id>',
 *   clientSecret: '<client secret>',
 *   secretKeyAccessor: new SecretKeyAccessor(() => '<encryption secret>'),
 * });
 * await storage.write('de', { recordKey: 'user-1', body: '{"name":"Ada"}', key1: 'Berlin' });
 * const { record } = await storage.read('de', 'user-1');
 * ```
 */
export class Storage extends RecordStorage {}
