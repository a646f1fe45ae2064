// The whole story, chapter by chapter, against a running server.

import type { Credentials } from '@residency/server/launch';
import { connect, type SecretsVault } from './connect.ts';
import { attachments, rotateAndMigrate } from './files-and-rotation.ts';
import { errors, serverSideEncryption } from './modes-and-errors.ts';
import type { Printer } from './printer.ts';
import { batchAndFind, readBack, showStored, writePerCountry } from './records-chapters.ts';

/**
 * Tells the story: records per country, what the server holds, reading, batches and find, an
 * attachment, key rotation and migrate, server-side encryption, and errors.
 *
 * @param credentials The running server's credentials.
 * @param printer Where the story goes.
 * @throws Error when any step does not behave as the story says.
 */
export async function tellStory(credentials: Credentials, printer: Printer): Promise<void> {
  const vault: SecretsVault = {
    data: {
      currentVersion: 1,
      secrets: [{ secret: 'a passphrase only this app knows', version: 1 }],
    },
  };
  const storage = await connect(credentials, vault);
  const context = { storage, credentials, printer };
  await writePerCountry(context);
  await showStored(context);
  await readBack(context);
  await batchAndFind(context);
  await attachments(context);
  await rotateAndMigrate(context, vault);
  await serverSideEncryption(context);
  await errors(context);
}
