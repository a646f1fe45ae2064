import {
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
} from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { SecretKeyAccessor } from '../../src/index.ts';
import { secretsFromEnvironment } from '../../src/providers/index.ts';
import { rejection, renderings, thrown } from '../support/stores.ts';

const SECRET = 'SECRET-from-environment-4410';
const DATA = JSON.stringify({
  currentVersion: 1,
  secrets: [
    { secret: 'SECRET-old', version: 0 },
    { secret: SECRET, version: 1 },
  ],
});

describe('secretsFromEnvironment', () => {
  it('reads a plain secret as version 0', async () => {
    const accessor = new SecretKeyAccessor(
      secretsFromEnvironment('RESIDENCY_SECRET', { environment: { RESIDENCY_SECRET: SECRET } }),
    );
    expect(await accessor.getSecret()).toMatchObject({ secret: SECRET, version: 0 });
  });

  it('reads secrets-data JSON (auto: it starts with "{")', async () => {
    const accessor = new SecretKeyAccessor(
      secretsFromEnvironment('RESIDENCY_SECRETS', {
        environment: { RESIDENCY_SECRETS: ` ${DATA}` },
      }),
    );
    expect(await accessor.getSecret()).toMatchObject({ secret: SECRET, version: 1 });
    expect((await accessor.getSecret(0)).secret).toBe('SECRET-old');
  });

  it('reads the variable at every lookup, returning the same object while it is unchanged', () => {
    const environment: Record<string, string | undefined> = { S: DATA };
    const provider = secretsFromEnvironment('S', { environment });
    const first = provider();
    expect(provider()).toBe(first);
    environment.S = SECRET;
    expect(provider()).toBe(SECRET);
  });

  it('takes text as is with format "text", even when it looks like JSON', () => {
    const provider = secretsFromEnvironment('S', {
      format: 'text',
      environment: { S: '{not json' },
    });
    expect(provider()).toBe('{not json');
  });

  it('fails without quoting the value when JSON is broken, unset or empty', async () => {
    const broken = `{"secrets": "${SECRET}`;
    const provider = secretsFromEnvironment('S', { environment: { S: broken } });
    const error = thrown(() => provider());
    expect(error).toBeInstanceOf(SecretsValidationError);
    expect(error.message).toBe(
      "Environment variable S is not valid JSON secrets data (set format: 'text' for a plain secret)",
    );
    expect(renderings(error)).not.toContain(SECRET);
    const viaAccessor = await rejection(new SecretKeyAccessor(provider).getSecret());
    expect(viaAccessor).toBeInstanceOf(SecretsProviderError);
    expect(thrown(() => secretsFromEnvironment('S', { environment: {} })())).toBeInstanceOf(
      StorageConfigValidationError,
    );
    expect(thrown(() => secretsFromEnvironment('S', { environment: { S: '' } })()).message).toBe(
      'Environment variable S is empty',
    );
  });

  it('refuses a bad name or format at once', () => {
    expect(thrown(() => secretsFromEnvironment(''))).toBeInstanceOf(StorageConfigValidationError);
    expect(thrown(() => secretsFromEnvironment('S', { format: 'yaml' as never })).message).toBe(
      'secretsFromEnvironment(): format must be "auto", "json" or "text"',
    );
  });

  it('reads process.env by default', () => {
    process.env.RESIDENCY_TEST_SECRET_VARIABLE = SECRET;
    try {
      expect(secretsFromEnvironment('RESIDENCY_TEST_SECRET_VARIABLE')()).toBe(SECRET);
    } finally {
      delete process.env.RESIDENCY_TEST_SECRET_VARIABLE;
    }
  });
});
