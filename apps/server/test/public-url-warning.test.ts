import { describe, expect, it } from 'vitest';
import { isLoopbackHost, warnWithoutPublicUrl } from '../src/lifecycle/public-url-warning.ts';

describe('the warning about a missing publicUrl', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]'])(
    'treats %s as this machine only',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.5', 'example.com', '128.0.0.1', '127.example.com'])(
    'treats %s as reachable from elsewhere',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  it('warns once, naming the setting, only beyond loopback without publicUrl', () => {
    const warnings: string[] = [];
    const logger = {
      info: () => undefined,
      error: () => undefined,
      warn: (line: string) => warnings.push(line),
    };
    expect(warnWithoutPublicUrl({ host: '127.0.0.1' }, logger)).toBe(false);
    expect(warnWithoutPublicUrl({ host: '0.0.0.0', publicUrl: 'https://x.example' }, logger)).toBe(
      false,
    );
    expect(warnings).toEqual([]);
    expect(warnWithoutPublicUrl({ host: '0.0.0.0' }, logger)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('--public-url');
  });
});
