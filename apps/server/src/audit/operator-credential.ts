// The operator routes' secret. A server with a data folder makes a random one at every start
// and publishes it, with the URL it listens at, in `<data>/operator-credential` (mode 0600, so
// only the folder's owner can read it): `residency-server audit --data DIR` reads it to ask the
// running server, since a PGlite folder belongs to one process. It is removed on close.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { writeJsonFileAtomic } from '../files/atomic-file.ts';
import { readJsonFile } from '../files/json-file.ts';

/** The file's name inside the data folder. */
const OPERATOR_CREDENTIAL_FILE = 'operator-credential';

/** What the file holds. */
export interface OperatorFile {
  /** Where the server listens. */
  readonly url: string;
  readonly credential: string;
}

const OperatorFileSchema = v.object({
  url: v.pipe(v.string(), v.url()),
  credential: v.pipe(v.string(), v.minLength(32)),
});

/**
 * A new random credential (32 bytes, base64url).
 * @returns The credential.
 */
export function newOperatorCredential(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Publishes the credential and the server's URL in the data folder.
 * @param dataDir The data folder.
 * @param file The URL and the credential.
 * @returns The file's path; remove it with `withdrawOperatorCredential`.
 */
export async function publishOperatorCredential(
  dataDir: string,
  file: OperatorFile,
): Promise<string> {
  const path = join(dataDir, OPERATOR_CREDENTIAL_FILE);
  await writeJsonFileAtomic(path, file);
  return path;
}

/**
 * Removes the published credential, when it is still this server's (a newer server may have
 * replaced it).
 * @param dataDir The data folder.
 * @param credential This server's credential.
 * @returns When removed.
 */
export async function withdrawOperatorCredential(
  dataDir: string,
  credential: string,
): Promise<void> {
  const published = await readOperatorCredential(dataDir).catch(() => undefined);
  if (published?.credential !== credential) return;
  await rm(join(dataDir, OPERATOR_CREDENTIAL_FILE), { force: true });
}

/**
 * Reads the published credential.
 * @param dataDir The data folder.
 * @returns The URL and credential, or undefined when none is published.
 * @throws {Error} The file is malformed (names the path and field only).
 */
export function readOperatorCredential(dataDir: string): Promise<OperatorFile | undefined> {
  return readJsonFile(join(dataDir, OPERATOR_CREDENTIAL_FILE), OperatorFileSchema);
}

/**
 * Compares a presented credential with the server's in constant time (digests of equal length).
 * @param presented What the request carried.
 * @param expected The server's credential.
 * @returns Whether they are equal.
 */
export function operatorCredentialMatches(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
