import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  type KeyObject,
  pbkdf2,
  randomFillSync,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { CryptoBackend } from './crypto-backend.ts';
import { RandomPool } from './random-pool.ts';

const ALGORITHM = 'aes-256-gcm';
const TAG_LENGTH = 16;

let pool: RandomPool | undefined;

// Buffer is a Uint8Array; hand out plain views so no caller depends on Buffer methods.
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const pbkdf2Async = promisify(pbkdf2);

/**
 * The node:crypto backend (OpenSSL), the default of the Node entry. PBKDF2 (about 10 ms) runs
 * on libuv's thread pool, as the official Node SDK does, so a derivation never blocks the event
 * loop of a server and concurrent derivations use every core. AES-GCM on record-sized inputs
 * runs synchronously: it costs less than the hop to the thread pool.
 */
export const nodeBackend: CryptoBackend<KeyObject> = {
  name: 'node',
  async pbkdf2Sha512(password, salt, iterations, length) {
    return plain(await pbkdf2Async(password, salt, iterations, length, 'sha512'));
  },
  importAesKey(key) {
    if (key.length !== 32) throw new RangeError('AES-256 needs a 32-byte key');
    return createSecretKey(key);
  },
  aesGcmEncrypt(key, iv, plaintext) {
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
    const head = cipher.update(plaintext);
    const tail = cipher.final();
    return plain(Buffer.concat([head, tail, cipher.getAuthTag()]));
  },
  aesGcmDecrypt(key, iv, sealed) {
    if (sealed.length < TAG_LENGTH) throw new RangeError('AES-GCM input shorter than its tag');
    const tagStart = sealed.length - TAG_LENGTH;
    // authTagLength pins the tag to 16 bytes: Node otherwise accepts truncated tags.
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(sealed.subarray(tagStart));
    const head = decipher.update(sealed.subarray(0, tagStart));
    return plain(Buffer.concat([head, decipher.final()]));
  },
  sha256(data) {
    return plain(createHash('sha256').update(data).digest());
  },
  randomBytes(length) {
    pool ??= new RandomPool((bytes) => randomFillSync(bytes));
    return pool.take(length);
  },
};
