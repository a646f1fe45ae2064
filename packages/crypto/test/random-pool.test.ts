import { describe, expect, it, vi } from 'vitest';
import { RandomPool } from '../src/random-pool.ts';

function counter() {
  let next = 1;
  return vi.fn((bytes: Uint8Array) => {
    for (let index = 0; index < bytes.length; index++) bytes[index] = next++ & 0xff;
  });
}

describe('RandomPool', () => {
  it('draws nothing until asked, then 4 KiB at a time', () => {
    const fill = counter();
    const pool = new RandomPool(fill);
    expect(fill).not.toHaveBeenCalled();
    pool.take(12);
    pool.take(76);
    expect(fill).toHaveBeenCalledTimes(1);
    expect(fill.mock.calls[0]?.[0]).toHaveLength(4096);
  });

  it('hands out each byte once, as copies the pool no longer touches', () => {
    const pool = new RandomPool(counter());
    const first = pool.take(4);
    const second = pool.take(4);
    expect([...first]).toEqual([1, 2, 3, 4]);
    expect([...second]).toEqual([5, 6, 7, 8]);
    for (let index = 0; index < 1000; index++) pool.take(76);
    expect([...first]).toEqual([1, 2, 3, 4]);
    expect(first.buffer).not.toBe(second.buffer);
  });

  it('refills with a new array when a request does not fit', () => {
    const fill = counter();
    const pool = new RandomPool(fill);
    for (let index = 0; index < 53; index++) pool.take(76);
    expect(fill).toHaveBeenCalledTimes(1);
    const straddling = pool.take(76);
    expect(fill).toHaveBeenCalledTimes(2);
    expect(straddling[0]).toBe(4097 & 0xff);
  });

  it('draws large requests directly, in calls of at most 65,536 bytes', () => {
    const fill = counter();
    const bytes = new RandomPool(fill).take(100_000);
    expect(bytes).toHaveLength(100_000);
    expect(fill.mock.calls.map(([array]) => array.length)).toEqual([65_536, 34_464]);
  });
});
