import * as secretsHana from '@residency/secrets/hana';
import * as secretsNode from '@residency/secrets/node';
import { describe, expect, it } from 'vitest';
import * as hana from '../src/hana.ts';

describe('@residency/sdk/hana', () => {
  it('re-exports every name of the HANA adapter and the Node providers', () => {
    const expected = [...Object.keys(secretsHana), ...Object.keys(secretsNode)].sort();
    expect(Object.keys(hana).sort()).toEqual(expected);
    expect(hana.HanaSecretsProvider).toBe(secretsHana.HanaSecretsProvider);
    expect(hana.secretsFromFile).toBe(secretsNode.secretsFromFile);
  });

  it('keeps the default entry free of the Node-only adapter', async () => {
    const entry = await import('../src/index.ts');
    expect(Object.keys(entry)).not.toContain('HanaSecureStore');
  });
});
