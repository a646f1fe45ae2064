import { afterEach, describe, expect, it, vi } from 'vitest';
import { environmentValue, processEnvironment } from '../src/environment.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('processEnvironment', () => {
  it('reads process.env where there is one', () => {
    vi.stubEnv('INC_ENDPOINT', 'https://pop.example.com');
    expect(processEnvironment().INC_ENDPOINT).toBe('https://pop.example.com');
  });

  it('is empty where there is no process, as in a browser', () => {
    vi.stubGlobal('process', undefined);
    const environment = processEnvironment();
    vi.unstubAllGlobals();
    expect(environment).toEqual({});
  });
});

describe('environmentValue', () => {
  it('treats empty and non-string values as unset', () => {
    expect(environmentValue({ INC_ENDPOINT: '' }, 'endpoint')).toBeUndefined();
    expect(environmentValue({ INC_CLIENT_ID: 'id' }, 'clientId')).toBe('id');
    expect(environmentValue({}, 'clientSecret')).toBeUndefined();
  });
});
