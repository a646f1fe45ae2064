import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientSecretMatches, hashClientSecret } from '../src/auth/client-secret.ts';
import { EnvironmentRegistry } from '../src/environments/environment-registry.ts';
import { writeFileAtomic } from '../src/files/atomic-file.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'residency-registry-'));
});
afterEach(async () => rm(dataDir, { recursive: true, force: true }));

describe('EnvironmentRegistry', () => {
  it('adds an environment with a client, kept as a hash in a 0600 file', async () => {
    const registry = EnvironmentRegistry.forDataDir(dataDir);
    const client = await registry.addEnvironment('prod', { plainSearchKeys: true });
    expect(client.environmentId).toBe('prod');
    expect(client.clientSecret).toMatch(/^[\w-]{43}$/);
    const text = await readFile(registry.path, 'utf8');
    expect(text).not.toContain(client.clientSecret);
    expect(text).toContain(hashClientSecret(client.clientSecret));
    expect((await stat(registry.path)).mode & 0o777).toBe(0o600);
    expect((await registry.environment('prod'))?.plainSearchKeys).toBe(true);
  });

  it('authenticates the right secret only, and unknown clients not at all', async () => {
    const registry = EnvironmentRegistry.forDataDir(dataDir);
    const client = await registry.addEnvironment('prod');
    expect((await registry.authenticate(client.clientId, client.clientSecret))?.id).toBe('prod');
    expect(await registry.authenticate(client.clientId, `${client.clientSecret}x`)).toBeUndefined();
    expect(await registry.authenticate('nobody', client.clientSecret)).toBeUndefined();
  });

  it('sees environments another process added, without restarting', async () => {
    const running = EnvironmentRegistry.forDataDir(dataDir);
    await running.addEnvironment('first');
    expect(await running.environment('second')).toBeUndefined();
    await EnvironmentRegistry.forDataDir(dataDir).addEnvironment('second');
    expect((await running.environment('second'))?.id).toBe('second');
  });

  it('adds a first environment only when there is none, once of several at once', async () => {
    const registries = [1, 2, 3, 4].map(() => EnvironmentRegistry.forDataDir(dataDir));
    const added = await Promise.all(
      registries.map((registry) => registry.addFirstEnvironment('development')),
    );
    expect(added.filter((client) => client !== undefined)).toHaveLength(1);
    expect((await registries[0]?.list())?.map(({ id }) => id)).toEqual(['development']);
    await expect(registries[0]?.addFirstEnvironment('bad id')).rejects.toThrow('must be');
  });

  it('refuses a taken or malformed id', async () => {
    const registry = EnvironmentRegistry.forDataDir(dataDir);
    await registry.addEnvironment('prod');
    await expect(registry.addEnvironment('prod')).rejects.toThrow('exists already');
    await expect(registry.addEnvironment('bad id')).rejects.toThrow('environment id must be');
  });

  it('names the field of an invalid file, never its content', async () => {
    const registry = EnvironmentRegistry.forDataDir(dataDir);
    await writeFileAtomic(
      registry.path,
      JSON.stringify({ version: 1, environments: [{ id: 'x' }] }),
    );
    await expect(registry.list()).rejects.toThrow(/environments\.0\./);
    await writeFileAtomic(registry.path, '{"secret-ish": ');
    await expect(registry.list()).rejects.toThrow(/not valid JSON$/);
  });

  it('compares secrets against stored hashes only', () => {
    const hash = hashClientSecret('s3cret');
    expect(clientSecretMatches('s3cret', hash)).toBe(true);
    expect(clientSecretMatches('s3creT', hash)).toBe(false);
    expect(clientSecretMatches('s3cret', 'not-hex')).toBe(false);
  });
});
