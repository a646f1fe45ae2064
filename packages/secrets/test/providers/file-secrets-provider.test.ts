import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsValidationError, StorageConfigValidationError } from '@residency/errors';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SecretKeyAccessor } from '../../src/index.ts';
import { secretsFromFile } from '../../src/providers/index.ts';
import { rejection, renderings, thrown } from '../support/stores.ts';

const SECRET = 'SECRET-from-file-93d0';
const directory = mkdtempSync(join(tmpdir(), 'residency-file-secrets-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

describe('secretsFromFile', () => {
  it('reads a plain secret, dropping the line break editors add', async () => {
    const accessor = new SecretKeyAccessor(secretsFromFile(file('plain.txt', `${SECRET}\n`)));
    expect(await accessor.getSecret()).toMatchObject({ secret: SECRET, version: 0 });
  });

  it('reads secrets-data JSON', async () => {
    const data = { currentVersion: 3, secrets: [{ secret: SECRET, version: 3 }] };
    const accessor = new SecretKeyAccessor(
      secretsFromFile(file('data.json', JSON.stringify(data))),
    );
    expect(await accessor.getSecret(3)).toMatchObject({ secret: SECRET });
  });

  it('reads the file once per TTL, synchronously in between (fake timers)', async () => {
    vi.useFakeTimers();
    const path = file('rotating.txt', 'first');
    const provider = secretsFromFile(path, { cacheTtlMilliseconds: 1000 });
    expect(await provider()).toBe('first');
    writeFileSync(path, 'second');
    expect(provider()).toBe('first');
    vi.advanceTimersByTime(1000);
    expect(await provider()).toBe('second');
  });

  it('reports a missing file with its code, and bad JSON without quoting it', async () => {
    const missing = join(directory, 'missing.json');
    const error = await rejection(Promise.resolve(secretsFromFile(missing)()));
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error.message).toBe(`Cannot read the secrets file ${missing} (ENOENT)`);
    const broken = file('broken.json', `{"secret": "${SECRET}`);
    const invalid = await rejection(Promise.resolve(secretsFromFile(broken, { format: 'json' })()));
    expect(invalid).toBeInstanceOf(SecretsValidationError);
    expect(renderings(invalid)).not.toContain(SECRET);
  });

  it('refuses bad arguments at once', () => {
    expect(thrown(() => secretsFromFile(''))).toBeInstanceOf(StorageConfigValidationError);
    expect(thrown(() => secretsFromFile('x', { cacheTtlMilliseconds: -1 })).message).toBe(
      'secretsFromFile(): cacheTtlMilliseconds must be an integer number of milliseconds, 0 or more',
    );
  });
});
