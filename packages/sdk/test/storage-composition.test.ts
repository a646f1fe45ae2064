// How the facade is put together: its three parts (records, attachments, migration) share one
// StorageContext built once, and every method is the part's own, reached through the prototype.
import { StorageContext } from '@residency/storage/internal';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStorage, Storage } from '../src/index.ts';
import { fakePop } from './support/fake-pop.ts';
import { NO_ENV, validOptions } from './support/options.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('Storage composition', () => {
  it('runs a record write, an attachment upload and a migration in one context', async () => {
    const pop = fakePop();
    server.use(...pop.handlers);
    const storage = await createStorage(validOptions(), NO_ENV);
    const run = vi.spyOn(StorageContext.prototype, 'run');

    await storage.write('de', { recordKey: 'user-1', body: 'with a file' });
    const added = await storage.addAttachment('de', 'user-1', new Blob(['hi']), { fileName: 'a' });
    await storage.getAttachmentMeta('de', 'user-1', added.attachmentMeta.fileId);
    await storage.migrate('de');

    expect(run).toHaveBeenCalledTimes(4);
    // Each call ran on the same context object: one was built, and the parts share it.
    expect(new Set(run.mock.contexts).size).toBe(1);
    // And one transport below it: the write's token serves the upload and the migration.
    expect(pop.token.calls).toHaveLength(1);
  });

  it("keeps every method on the prototype, as the owner's own code, with no own properties", async () => {
    const storage = await createStorage(validOptions(), NO_ENV);
    expect(Object.keys(storage)).toEqual([]);
    const methods = ['write', 'batchWrite', 'read', 'find', 'findOne', 'iterate', 'delete'];
    methods.push('batchDelete', 'healthCheck', 'addAttachment', 'deleteAttachment');
    methods.push('getAttachmentFile', 'getAttachmentMeta', 'updateAttachmentMeta');
    methods.push('migrate', 'migrateAll');
    for (const name of methods) {
      expect(typeof Object.getOwnPropertyDescriptor(Storage.prototype, name)?.value, name).toBe(
        'function',
      );
    }
    expect(Storage.HTTP_DEBUG_KEY).toBe('httpResponse');
  });
});
