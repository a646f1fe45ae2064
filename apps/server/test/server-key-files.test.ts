// Server keys from owner-only files, the previous signing key of a rotation, and the one-line
// warning of a PostgreSQL start with generated keys.

import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { issueAccessToken } from '../src/auth/access-token.ts';
import { loadServerConfig } from '../src/config/load-config.ts';
import { readKeyFile } from '../src/keys/key-file.ts';
import { loadServerKeys } from '../src/keys/server-keys.ts';
import { warnOfUnsharedKeys } from '../src/keys/unshared-keys-warning.ts';
import { createSilentLogger, type Logger } from '../src/logger.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'residency-key-files-'));
});
afterEach(async () => rm(folder, { recursive: true, force: true }));

async function keyFile(name: string, content: string, mode = 0o600): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content, { mode });
  await chmod(path, mode);
  return path;
}

function recordingLogger(lines: string[]): Logger {
  return { info: () => undefined, warn: (line) => lines.push(line), error: () => undefined };
}

describe('key files', () => {
  it('reads the base64 of 32 bytes from an owner-only file, a final newline allowed', async () => {
    const key = randomBytes(32);
    const path = await keyFile('signing.key', `${key.toString('base64')}\n`);
    expect(Buffer.from(await readKeyFile(path, 'tokenSigningKeyFile'))).toEqual(key);
  });

  it('refuses a file open to group or others, naming its mode and never its content', async () => {
    const secret = randomBytes(32).toString('base64');
    for (const mode of [0o640, 0o604, 0o644]) {
      const path = await keyFile(`open-${mode.toString(8)}.key`, secret, mode);
      const error = await readKeyFile(path, 'sseKeyFile').catch((caught: Error) => caught);
      expect((error as Error).message).toBe(
        `sseKeyFile ${path} is open to group or others (mode ${mode.toString(8)}): make it the owner's alone (chmod 600)`,
      );
    }
  });

  it('refuses a missing file and one that does not hold a key, without quoting it', async () => {
    const missing = join(folder, 'missing.key');
    await expect(readKeyFile(missing, 'sseKeyFile')).rejects.toThrow(
      `sseKeyFile ${missing} does not exist`,
    );
    const path = await keyFile('short.key', 'hunter2-not-a-key');
    const error = (await readKeyFile(path, 'sseKeyFile').catch((caught) => caught)) as Error;
    expect(error.message).toBe(`sseKeyFile ${path} must hold the base64 of 32 bytes`);
    expect(error.message).not.toContain('hunter2');
  });

  it('loads the current, previous and SSE keys from files, from the settings that name them', async () => {
    const [current, previous, sse] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const env = {
      RESIDENCY_TOKEN_SIGNING_KEY_FILE: await keyFile('current.key', current.toString('base64')),
      RESIDENCY_TOKEN_SIGNING_KEY_PREVIOUS_FILE: await keyFile(
        'previous.key',
        previous.toString('base64url'),
      ),
    };
    const flags = {
      data: folder,
      'sse-key-file': await keyFile('sse.key', sse.toString('base64')),
    };
    const config = await loadServerConfig({ flags, env, cwd: folder });
    const keys = await loadServerKeys(folder, config);
    expect(Buffer.from(keys.tokenSigningKey)).toEqual(current);
    expect(Buffer.from(keys.previousTokenSigningKey ?? [])).toEqual(previous);
    expect(Buffer.from(keys.sseMasterKey)).toEqual(sse);
    expect((await loadServerKeys(folder, {})).previousTokenSigningKey).toBeUndefined();
  });

  it('refuses a key given both as text and as a file', async () => {
    const text = randomBytes(32).toString('base64');
    for (const [variable, name] of [
      ['RESIDENCY_TOKEN_SIGNING_KEY', 'tokenSigningKey'],
      ['RESIDENCY_TOKEN_SIGNING_KEY_PREVIOUS', 'tokenSigningKeyPrevious'],
      ['RESIDENCY_SSE_KEY', 'sseKey'],
    ] as const) {
      const env = { [variable]: text, [`${variable}_FILE`]: join(folder, 'any.key') };
      await expect(loadServerConfig({ env, cwd: folder })).rejects.toThrow(
        `${name} and ${name}File exclude each other`,
      );
    }
  });
});

describe('the warning of generated keys', () => {
  const url = 'postgres://db/residency';

  it('names in one line the keys a PostgreSQL server generated', async () => {
    const lines: string[] = [];
    const config = await loadServerConfig({ flags: { 'postgres-url': url }, env: {} });
    expect(warnOfUnsharedKeys(config, recordingLogger(lines))).toBe(true);
    expect(lines).toEqual([
      'keys generated in the data folder: every copy of a PostgreSQL server must share them; set RESIDENCY_TOKEN_SIGNING_KEY(_FILE) and RESIDENCY_SSE_KEY(_FILE)',
    ]);
  });

  it('stays quiet on PGlite, and on PostgreSQL with both keys configured', async () => {
    const lines: string[] = [];
    const key = randomBytes(32).toString('base64');
    const env = { RESIDENCY_TOKEN_SIGNING_KEY: key, RESIDENCY_SSE_KEY_FILE: '/run/sse.key' };
    const shared = await loadServerConfig({ flags: { 'postgres-url': url }, env });
    expect(warnOfUnsharedKeys(shared, recordingLogger(lines))).toBe(false);
    expect(warnOfUnsharedKeys(await loadServerConfig({}), recordingLogger(lines))).toBe(false);
    expect(lines).toEqual([]);
  });
});

describe('a signing key rotation', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startHarness();
  }, HARNESS_TIMEOUT_MS);
  afterAll(async () => harness?.close());

  it('accepts tokens of the previous key while it is configured, and issues with the current one', async () => {
    const previous = harness.keys.tokenSigningKey;
    const current = new Uint8Array(randomBytes(32));
    const claims = {
      environmentId: 'env-a',
      clientId: harness.clientA.clientId,
      generation: 0,
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    };
    const old = issueAccessToken(previous, claims);
    const options = {
      stores: harness.stores,
      environments: harness.environments,
      countries: [{ code: 'us', name: 'United States', region: 'AMER' }],
      logger: createSilentLogger(),
    };
    const during = createApp({
      ...options,
      keys: { ...harness.keys, tokenSigningKey: current, previousTokenSigningKey: previous },
    });
    const after = createApp({ ...options, keys: { ...harness.keys, tokenSigningKey: current } });
    const read = (app: ReturnType<typeof createApp>, token: string) =>
      app.request('/v2/storage/records/us/missing', {
        headers: { authorization: `Bearer ${token}`, 'x-env-id': 'env-a' },
      });
    expect((await read(during, old)).status).toBe(404);
    expect((await read(after, old)).status).toBe(401);
    const issued = await during.request('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: harness.clientA.clientId,
        client_secret: harness.clientA.clientSecret,
      }).toString(),
    });
    const fresh = ((await issued.json()) as { access_token: string }).access_token;
    expect((await read(during, fresh)).status).toBe(404);
    expect((await read(after, fresh)).status).toBe(404);
  });
});
