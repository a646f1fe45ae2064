import { base64Encode } from '../../src/encoding.ts';

/** A password secret long and odd enough that no message could contain it by chance. */
export const PASSWORD = 'pw-Zq7!correct-horse-battery-staple';
/** Another password, for wrong-secret cases. */
export const OTHER_PASSWORD = 'pw-Xk2!other-horse-different-staple';
/** A raw AES-256 key: base64 of 32 bytes (from the official vectors). */
export const RAW_KEY = 'knY4NP4SiMnB3L3T+PnR27lJWQra/7rYENkzQi7Q4Ws=';
/** Another raw key. */
export const OTHER_RAW_KEY = 'cGduQ+ka4b/OWyq02xsBarlZ8GNBGEsBtc6TUiwNqRc=';
/** A custom-encryption secret: base64 of its key bytes. */
export const CUSTOM_SECRET: string = base64Encode(
  new TextEncoder().encode('custom-key-bytes-0123456789'),
);
/** A plaintext shaped like a record envelope, with non-ASCII and astral characters. */
export const PLAINTEXT = '{"meta":{"record_key":"Zürich-東京-🚀"},"payload":"secret payload ✓ 𝄞"}';
