import type { SecretSource } from '@residency/crypto';
import {
  SecretsProviderError,
  SecretsValidationError,
  StorageClientError,
} from '@residency/errors';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  SecretKeyAccessor,
  type SecretKeyAccessorInput,
  type SecretsDataInput,
} from '../src/index.ts';

const SECRET = 'SECRET-accessor-91b3c7';

const rotated: SecretsDataInput = {
  currentVersion: 1,
  secrets: [
    { secret: 'SECRET-accessor-old-0', version: 0 },
    { secret: SECRET, version: 1 },
  ],
};

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** Each method that calls the provider, to be called one at a time. */
function calls(accessor: SecretKeyAccessor): (() => Promise<unknown>)[] {
  return [() => accessor.getSecret(), () => accessor.getSecrets(), () => accessor.validate()];
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}

function renderings(error: Error): string[] {
  return [error.message, String(error), JSON.stringify(error), error.stack ?? ''];
}

describe('SecretKeyAccessor inputs', () => {
  const forms: [string, SecretKeyAccessorInput][] = [
    ['secrets data', rotated],
    ['a sync function', () => rotated],
    ['an async function', async () => rotated],
    [
      'a function returning a thenable',
      () =>
        ({
          // biome-ignore lint/suspicious/noThenProperty: a deliberate non-Promise thenable.
          then(resolve: (value: SecretsDataInput) => void) {
            resolve(rotated);
          },
        }) as PromiseLike<SecretsDataInput>,
    ],
  ];

  it.each(forms)('reads %s', async (_name, input) => {
    const accessor = new SecretKeyAccessor(input);
    expect(await accessor.getSecret()).toEqual({
      secret: SECRET,
      version: 1,
      isKey: false,
      isForCustomEncryption: false,
    });
    expect((await accessor.getSecret(0)).secret).toBe('SECRET-accessor-old-0');
    expect((await accessor.getSecrets()).currentVersion).toBe(1);
    await expect(accessor.validate()).resolves.toBeUndefined();
  });

  const plain: [string, SecretKeyAccessorInput][] = [
    ['a string', SECRET],
    ['a sync function returning a string', () => SECRET],
    ['an async function returning a string', async () => SECRET],
  ];

  it.each(plain)('reads %s as version 0 only', async (_name, input) => {
    const accessor = new SecretKeyAccessor(input);
    expect(await accessor.getSecret()).toEqual({
      secret: SECRET,
      version: 0,
      isKey: false,
      isForCustomEncryption: false,
    });
    expect((await accessor.getSecret(0)).secret).toBe(SECRET);
    const error = await rejection(accessor.getSecret(1));
    expect(error).toBeInstanceOf(SecretsValidationError);
    expect(error.message).toBe('Secret not found for version 1');
  });

  it('implements SecretSource', () => {
    const source: SecretSource = new SecretKeyAccessor(SECRET);
    expect(typeof source.getSecret).toBe('function');
  });
});

describe('SecretKeyAccessor lookups', () => {
  it('fails for a version no secret has, without naming a secret', async () => {
    const accessor = new SecretKeyAccessor(() => rotated);
    const error = await rejection(accessor.getSecret(7));
    expect(error).toBeInstanceOf(SecretsValidationError);
    expect(error.message).toBe('Secret not found for version 7');
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
  });

  it('returns frozen secrets and sets', async () => {
    const accessor = new SecretKeyAccessor(() => rotated);
    const secret = await accessor.getSecret();
    const set = await accessor.getSecrets();
    expect(Object.isFrozen(secret)).toBe(true);
    expect(Object.isFrozen(set)).toBe(true);
    expect(Object.isFrozen(set.secrets)).toBe(true);
    expect(() => {
      (secret as { secret: string }).secret = 'changed';
    }).toThrow(TypeError);
  });

  it('calls the provider on every lookup', async () => {
    const provider = vi.fn(() => rotated);
    const accessor = new SecretKeyAccessor(provider);
    await accessor.getSecret();
    await accessor.getSecret(0);
    await accessor.getSecrets();
    await accessor.validate();
    expect(provider).toHaveBeenCalledTimes(4);
  });

  it('validates an unchanged answer once and serves the same frozen objects', async () => {
    const accessor = new SecretKeyAccessor(() => rotated);
    const first = await accessor.getSecret();
    for (let round = 0; round < 100; round++) expect(await accessor.getSecret()).toBe(first);
  });

  it('picks up rotated secrets: never serves stale data for a new answer', async () => {
    let answer: SecretsDataInput = rotated;
    const accessor = new SecretKeyAccessor(() => answer);
    expect((await accessor.getSecret()).version).toBe(1);
    answer = {
      currentVersion: 2,
      secrets: [...rotated.secrets, { secret: 'SECRET-accessor-new-2', version: 2 }],
    };
    expect(await accessor.getSecret()).toMatchObject({ secret: 'SECRET-accessor-new-2' });
    answer = { currentVersion: 0, secrets: [{ secret: 'SECRET-accessor-other', version: 0 }] };
    expect((await accessor.getSecret()).secret).toBe('SECRET-accessor-other');
    await expect(accessor.getSecret(2)).rejects.toThrow('Secret not found for version 2');
  });

  it('reads a directly given object once', async () => {
    const data = { currentVersion: 0, secrets: [{ secret: SECRET, version: 0 }] };
    const accessor = new SecretKeyAccessor(data);
    data.secrets[0] = { secret: 'SECRET-accessor-later', version: 0 };
    expect((await accessor.getSecret()).secret).toBe(SECRET);
  });
});

describe('SecretKeyAccessor errors', () => {
  it('throws at construction for invalid data given directly', () => {
    expect(() => new SecretKeyAccessor('')).toThrow(SecretsValidationError);
    expect(
      () =>
        new SecretKeyAccessor({ currentVersion: 0, secrets: [{ secret: SECRET, version: -1 }] }),
    ).toThrow('secrets.0.version must be an integer');
    expect(() => new SecretKeyAccessor(42 as never)).toThrow(SecretsValidationError);
  });

  it('rejects invalid data from a provider on every method', async () => {
    const accessor = new SecretKeyAccessor(() => ({ currentVersion: 0, secrets: [] }));
    for (const call of calls(accessor)) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(SecretsValidationError);
      expect(error.message).toContain('secrets must contain at least one secret');
    }
  });

  const failures: [string, () => never | Promise<never>, unknown][] = [
    [
      'throws',
      () => {
        throw new Error(`vault said ${SECRET}`);
      },
      Error,
    ],
    ['rejects', () => Promise.reject(new Error(`vault said ${SECRET}`)), Error],
    ['rejects with a non-Error', () => Promise.reject(`vault said ${SECRET}`), 'string'],
    [
      'throws a non-Error',
      () => {
        throw { detail: SECRET };
      },
      'object',
    ],
  ];

  it.each(failures)('wraps a provider that %s', async (_name, provider, kind) => {
    const accessor = new SecretKeyAccessor(provider);
    for (const call of calls(accessor)) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(SecretsProviderError);
      expect(error).toBeInstanceOf(StorageClientError);
      expect(error.message).toBe('Failed to retrieve secret keys data');
      if (typeof kind === 'string') expect(typeof error.cause).toBe(kind);
      else expect(error.cause).toBeInstanceOf(kind as ErrorConstructor);
      // The cause is the provider's own error, kept whole for the developer to inspect.
      expect(describeCause(error.cause)).toContain(SECRET);
      for (const text of renderings(error)) expect(text).not.toContain(SECRET);
    }
  });

  it('never puts a generated secret in any message', async () => {
    const secrets = fc.string({ minLength: 12, maxLength: 64 }).map((tail) => `SECRET-${tail}`);
    const answers = [
      (secret: string) => ({ currentVersion: 0, secrets: [{ secret, version: secret }] }),
      (secret: string) => ({ currentVersion: 0, secrets: [{ secret, version: 0, isKey: true }] }),
      (secret: string) => ({ currentVersion: 1, secrets: [{ secret, version: 0 }] }),
    ];
    await fc.assert(
      fc.asyncProperty(secrets, fc.nat({ max: answers.length }), async (secret, pick) => {
        const answer = answers[pick];
        const provider = answer
          ? () => answer(secret) as never
          : () => Promise.reject(new Error(secret));
        const error = await rejection(new SecretKeyAccessor(provider).getSecret(3));
        for (const text of renderings(error)) expect(text).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});
