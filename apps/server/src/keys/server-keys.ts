// The server's own secrets: the key that signs access tokens and the master key of server-side
// encryption. Both come from configuration when set there, as base64 or as a key file (every
// copy of a scaled-out server must share them); otherwise they are generated once and kept in
// `<data>/server-keys.json` (0600), so a restart keeps issued tokens valid and SSE records
// readable. During a rotation of the signing key the previous key is configured too: tokens it
// signed are still accepted (their kid names it), new ones are signed with the current key.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as v from 'valibot';
import { writeJsonFileAtomic } from '../files/atomic-file.ts';
import { readJsonFile } from '../files/json-file.ts';
import { readKeyFile } from './key-file.ts';

/** The name of the keys file inside the data folder. */
const SERVER_KEYS_FILE_NAME = 'server-keys.json';

/** The server's secrets, 32 bytes each. */
export interface ServerKeys {
  /** HMAC-SHA256 key of access tokens. */
  readonly tokenSigningKey: Uint8Array;
  /** The signing key before the last rotation: its tokens are still accepted, none issued. */
  readonly previousTokenSigningKey?: Uint8Array | undefined;
  /** Master key of server-side encryption; per-environment keys are derived from it. */
  readonly sseMasterKey: Uint8Array;
}

/**
 * Keys given by configuration, base64 of 32 bytes each or files holding that; absent ones come
 * from the keys file (the previous signing key has no default).
 */
export interface ConfiguredKeys {
  readonly tokenSigningKey?: string | undefined;
  readonly tokenSigningKeyFile?: string | undefined;
  readonly tokenSigningKeyPrevious?: string | undefined;
  readonly tokenSigningKeyPreviousFile?: string | undefined;
  readonly sseKey?: string | undefined;
  readonly sseKeyFile?: string | undefined;
}

const KEY_RULE = 'must be the base64 of 32 bytes';

const KeySchema = v.pipe(
  v.string(KEY_RULE),
  v.check((text) => decodeKey(text) !== undefined, KEY_RULE),
);

const KeysFileSchema = v.object({
  version: v.literal(1, 'must be 1'),
  tokenSigningKey: KeySchema,
  sseKey: KeySchema,
});

/**
 * Decodes a base64 (or base64url) key of 32 bytes.
 *
 * @param text The encoded key.
 * @returns The bytes, or `undefined` when it is not 32 bytes of base64.
 */
export function decodeKey(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return undefined;
  const bytes = Buffer.from(
    text,
    text.includes('-') || text.includes('_') ? 'base64url' : 'base64',
  );
  return bytes.length === 32 ? new Uint8Array(bytes) : undefined;
}

async function readKeysFile(
  path: string,
): Promise<v.InferOutput<typeof KeysFileSchema> | undefined> {
  return readJsonFile(path, KeysFileSchema);
}

/**
 * Loads the server's keys: configured ones (base64, or a key file) win, the rest come from
 * `server-keys.json` under the data folder, which is created (0600) with fresh random keys
 * when absent.
 *
 * @param dataDir The data folder.
 * @param configured Keys from configuration, if any.
 * @returns The keys.
 * @throws {Error} A configured key, a key file or the keys file is malformed, or a key file is
 *   missing or open to group or others.
 */
export async function loadServerKeys(
  dataDir: string,
  configured: ConfiguredKeys = {},
): Promise<ServerKeys> {
  const path = join(dataDir, SERVER_KEYS_FILE_NAME);
  let stored = await readKeysFile(path);
  if (stored === undefined) {
    stored = {
      version: 1,
      tokenSigningKey: randomBytes(32).toString('base64'),
      sseKey: randomBytes(32).toString('base64'),
    };
    await writeJsonFileAtomic(path, stored);
  }
  const { tokenSigningKeyFile, tokenSigningKeyPreviousFile, sseKeyFile } = configured;
  return {
    tokenSigningKey:
      (await configuredKey(configured.tokenSigningKey, tokenSigningKeyFile, 'tokenSigningKey')) ??
      (decodeKey(stored.tokenSigningKey) as Uint8Array),
    previousTokenSigningKey: await configuredKey(
      configured.tokenSigningKeyPrevious,
      tokenSigningKeyPreviousFile,
      'tokenSigningKeyPrevious',
    ),
    sseMasterKey:
      (await configuredKey(configured.sseKey, sseKeyFile, 'sseKey')) ??
      (decodeKey(stored.sseKey) as Uint8Array),
  };
}

async function configuredKey(
  text: string | undefined,
  file: string | undefined,
  name: string,
): Promise<Uint8Array | undefined> {
  if (file !== undefined) return readKeyFile(file, `${name}File`);
  if (text === undefined) return undefined;
  const key = decodeKey(text);
  if (key === undefined) throw new Error(`${name} ${KEY_RULE}`);
  return key;
}

/**
 * The signing keys a token may carry: the current one, and the previous one during a rotation.
 *
 * @param keys The server's keys.
 * @returns The keys to verify tokens with, current first.
 */
export function acceptedSigningKeys(keys: ServerKeys): readonly Uint8Array[] {
  const previous = keys.previousTokenSigningKey;
  return previous === undefined ? [keys.tokenSigningKey] : [keys.tokenSigningKey, previous];
}
