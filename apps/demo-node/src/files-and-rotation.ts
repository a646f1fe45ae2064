// Files attached to a record, and key rotation: a new secret version, `migrate` re-encrypting
// the old records to it, and every record still readable afterwards.
import { createHash, randomBytes } from 'node:crypto';
import { readAttachmentBytes } from '@residency/sdk';
import type { SecretsVault } from './connect.ts';
import { PEOPLE, type StoryContext } from './records-chapters.ts';

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Attaches a file to a record, downloads it and checks the bytes.
 *
 * @param context The story's storage and printer.
 * @throws Error when the downloaded bytes differ from the uploaded ones.
 */
export async function attachments({ storage, printer }: StoryContext): Promise<void> {
  printer.chapter('A file attached to a record, streamed up and down');
  const contract = new TextEncoder().encode(
    `Employment contract of Bruno\n${'clause. '.repeat(4096)}`,
  );
  // Said where it happens: unlike the record's body, the file is not encrypted on this side.
  printer.line('files are stored as sent: the SDK does not encrypt them (encrypt one first if');
  printer.line('the server must not read it); their names and MIME types are stored as sent too');
  const { attachmentMeta } = await storage.addAttachment('de', 'person-bruno', contract, {
    fileName: 'Vertrag für Bruno.txt',
    mimeType: 'text/plain',
  });
  printer.line(
    `attached "${attachmentMeta.filename}" (${attachmentMeta.size} bytes, ${attachmentMeta.mimeType})`,
  );
  const { attachmentData } = await storage.getAttachmentFile(
    'de',
    'person-bruno',
    attachmentMeta.fileId,
  );
  const downloaded = await readAttachmentBytes(attachmentData.file);
  const same = sha256(downloaded) === sha256(contract);
  printer.line(
    `downloaded "${attachmentData.filename}": ${downloaded.length} bytes, identical: ${same}`,
  );
  if (!same) throw new Error('the downloaded attachment differs from the uploaded one');
  printer.line(`the server's hash of it: ${attachmentMeta.hash.slice(0, 16)}… (SHA-256)`);
}

/**
 * Rotates the secret to a new version (a raw 32-byte key), migrates the country's records to
 * it and reads every person back.
 *
 * @param context The story's storage and printer.
 * @param vault The secrets the storage reads; rotated in place.
 * @throws Error when a record is not at the new version after migration.
 */
export async function rotateAndMigrate(context: StoryContext, vault: SecretsVault): Promise<void> {
  const { storage, printer } = context;
  printer.chapter('Key rotation: a new secret version, then migrate');
  vault.data = {
    currentVersion: 2,
    secrets: [
      ...vault.data.secrets,
      { secret: randomBytes(32).toString('base64'), version: 2, isKey: true },
    ],
  };
  printer.line('the vault now holds versions 1 and 2; new writes use version 2');
  for (const { country } of PEOPLE) {
    const { migrated, totalLeft } = await storage.migrate(country);
    printer.line(`migrate ${country}: ${migrated} re-encrypted to version 2, ${totalLeft} left`);
  }
  for (const person of PEOPLE) {
    const { record } = await storage.read(person.country, person.recordKey);
    if (record.version !== 2)
      throw new Error(`${person.recordKey} is at version ${record.version}`);
  }
  printer.line('every person reads back, now at version 2');
}
