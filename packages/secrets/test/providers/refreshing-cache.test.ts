import { afterEach, describe, expect, it, vi } from 'vitest';
import { RefreshingCache } from '../../src/providers/refreshing-cache.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** A load whose calls are counted and settled by the test. */
function controlledLoad() {
  const pending: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const load = vi.fn(
    () =>
      new Promise<string>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  );
  return { load, pending };
}

describe('RefreshingCache', () => {
  it('serves a loaded value synchronously until the TTL passes (fake timers)', async () => {
    vi.useFakeTimers();
    let count = 0;
    const cache = new RefreshingCache(async () => `value-${++count}`, { ttlMilliseconds: 500 });
    expect(await cache.get()).toBe('value-1');
    vi.advanceTimersByTime(499);
    expect(cache.get()).toBe('value-1');
    vi.advanceTimersByTime(1);
    const next = cache.get();
    expect(next).toBeInstanceOf(Promise);
    expect(await next).toBe('value-2');
  });

  it('shares one load among every caller while it runs', async () => {
    const { load, pending } = controlledLoad();
    const cache = new RefreshingCache(load, { ttlMilliseconds: 1000 });
    const callers = Array.from({ length: 20 }, () => cache.get());
    expect(load).toHaveBeenCalledTimes(1);
    pending[0]?.resolve('shared');
    expect(await Promise.all(callers)).toEqual(Array(20).fill('shared'));
  });

  it('caches nothing after a failed load, and the next call loads again', async () => {
    const { load, pending } = controlledLoad();
    const cache = new RefreshingCache(load, { ttlMilliseconds: 1000 });
    const failing = cache.get();
    pending[0]?.reject(new Error('down'));
    await expect(failing).rejects.toThrow('down');
    const retry = cache.get();
    expect(load).toHaveBeenCalledTimes(2);
    pending[1]?.resolve('back');
    expect(await retry).toBe('back');
  });

  it('keeps a value set while an older load runs', async () => {
    const { load, pending } = controlledLoad();
    const cache = new RefreshingCache(load, { ttlMilliseconds: 1000 });
    const stale = cache.get();
    cache.set('written');
    pending[0]?.resolve('read before the write');
    expect(await stale).toBe('read before the write');
    expect(cache.get()).toBe('written');
  });

  it('loads on every get with a TTL of 0, and forgets on clear', async () => {
    let count = 0;
    const cache = new RefreshingCache(async () => ++count, { ttlMilliseconds: 0 });
    await cache.get();
    await cache.get();
    expect(count).toBe(2);
    const timed = new RefreshingCache(async () => ++count, { ttlMilliseconds: 60_000 });
    await timed.get();
    timed.clear();
    await timed.get();
    expect(count).toBe(4);
  });

  it('refresh ignores the TTL but joins a load under way', async () => {
    const { load, pending } = controlledLoad();
    const cache = new RefreshingCache(load, { ttlMilliseconds: 60_000 });
    const first = cache.get();
    const joined = cache.refresh();
    expect(load).toHaveBeenCalledTimes(1);
    pending[0]?.resolve('one');
    expect(await Promise.all([first, joined])).toEqual(['one', 'one']);
    const forced = cache.refresh();
    expect(load).toHaveBeenCalledTimes(2);
    pending[1]?.resolve('two');
    expect(await forced).toBe('two');
  });
});
