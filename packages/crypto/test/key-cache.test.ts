import { describe, expect, it, vi } from 'vitest';
import { KeyCache } from '../src/key-cache.ts';

describe('KeyCache', () => {
  it('creates once per id and returns the shared promise', async () => {
    const cache = new KeyCache<string>(4);
    const create = vi.fn(async () => 'key');
    const first = cache.getOrCreate('a', create);
    const second = cache.getOrCreate('a', create);
    expect(second).toBe(first);
    expect(await first).toBe('key');
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('evicts the least recently used entry beyond its capacity', async () => {
    const cache = new KeyCache<string>(2);
    const create = vi.fn(async () => 'key');
    cache.getOrCreate('a', create);
    cache.getOrCreate('b', create);
    cache.getOrCreate('a', create);
    cache.getOrCreate('c', create);
    expect(cache.size).toBe(2);
    cache.getOrCreate('a', create);
    expect(create).toHaveBeenCalledTimes(3);
    cache.getOrCreate('b', create);
    expect(create).toHaveBeenCalledTimes(4);
  });

  it('forgets a rejected creation so the next caller retries', async () => {
    const cache = new KeyCache<string>(2);
    const failing = cache.getOrCreate('a', async () => {
      throw new Error('derivation failed');
    });
    await expect(failing).rejects.toThrow('derivation failed');
    expect(cache.size).toBe(0);
    expect(await cache.getOrCreate('a', async () => 'key')).toBe('key');
  });

  it('caches nothing with capacity 0', async () => {
    const cache = new KeyCache<string>(0);
    const create = vi.fn(async () => 'key');
    await cache.getOrCreate('a', create);
    await cache.getOrCreate('a', create);
    expect(create).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
  });

  it('clears', () => {
    const cache = new KeyCache<string>(2);
    cache.getOrCreate('a', async () => 'key');
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
