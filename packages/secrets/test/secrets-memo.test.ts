import { SecretsValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { resolveSecrets, SecretsMemo } from '../src/secrets-memo.ts';

function data(secret = 'SECRET-memo-aaaaaaaa', currentVersion = 1) {
  return {
    currentVersion,
    secrets: [
      { secret: 'SECRET-memo-old-bbbb', version: 0 },
      { secret, version: 1 },
    ],
  };
}

describe('resolveSecrets', () => {
  it('indexes every secret by version', () => {
    const { set, byVersion } = resolveSecrets(data());
    expect([...byVersion.keys()]).toEqual([0, 1]);
    expect(byVersion.get(1)).toBe(set.secrets[1]);
  });
});

describe('SecretsMemo', () => {
  it('reuses the result for the same object', () => {
    const memo = new SecretsMemo();
    const value = data();
    const first = memo.resolve(value);
    expect(memo.resolve(value)).toBe(first);
    expect(memo.resolve(value)).toBe(first);
  });

  it('reuses the result for a fresh object with identical fields', () => {
    const memo = new SecretsMemo();
    const first = memo.resolve(data());
    expect(memo.resolve(data())).toBe(first);
  });

  it('reuses the result for the same string and revalidates another', () => {
    const memo = new SecretsMemo();
    const first = memo.resolve('SECRET-memo-string-1');
    expect(memo.resolve('SECRET-memo-string-1')).toBe(first);
    const second = memo.resolve('SECRET-memo-string-2');
    expect(second).not.toBe(first);
    expect(second.set.secrets[0]?.secret).toBe('SECRET-memo-string-2');
  });

  it('does not serve stale data when a different object arrives', () => {
    const memo = new SecretsMemo();
    memo.resolve(data('SECRET-memo-one-1111'));
    const next = memo.resolve(data('SECRET-memo-two-2222'));
    expect(next.byVersion.get(1)?.secret).toBe('SECRET-memo-two-2222');
  });

  it('notices the same object changed in place', () => {
    const memo = new SecretsMemo();
    const value = data();
    const first = memo.resolve(value);

    value.secrets[1] = { ...value.secrets[1], secret: 'SECRET-memo-rotated' } as never;
    const rotated = memo.resolve(value);
    expect(rotated).not.toBe(first);
    expect(rotated.byVersion.get(1)?.secret).toBe('SECRET-memo-rotated');

    value.secrets.push({ secret: 'SECRET-memo-newest', version: 2 });
    value.currentVersion = 2;
    const grown = memo.resolve(value);
    expect(grown.set.currentVersion).toBe(2);
    expect(grown.byVersion.get(2)?.secret).toBe('SECRET-memo-newest');

    (value.secrets[2] as { isKey?: boolean }).isKey = true;
    expect(() => memo.resolve(value)).toThrow(SecretsValidationError);
  });

  it('never remembers an invalid answer', () => {
    const memo = new SecretsMemo();
    const valid = memo.resolve(data());
    const broken = { currentVersion: 1, secrets: [{ secret: '', version: 1 }] };
    expect(() => memo.resolve(broken)).toThrow(SecretsValidationError);
    expect(() => memo.resolve(broken)).toThrow(SecretsValidationError);
    expect(memo.resolve(data())).toBe(valid);
  });

  it('revalidates when the answer changes kind', () => {
    const memo = new SecretsMemo();
    memo.resolve('SECRET-memo-kind-aaaa');
    expect(memo.resolve(data()).set.currentVersion).toBe(1);
    expect(() => memo.resolve(null)).toThrow(SecretsValidationError);
    expect(() => memo.resolve({ currentVersion: 1, secrets: [null, null] })).toThrow(
      SecretsValidationError,
    );
    expect(memo.resolve('SECRET-memo-kind-aaaa').set.currentVersion).toBe(0);
  });
});
