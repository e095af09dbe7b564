/** ResponseCache on its own: single-flight and in-flight invalidation, made deterministic with deferred computations. */
import { describe, expect, it } from 'vitest';
import { ResponseCache, cacheKey } from '../../src-engine/service/common/cache.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tags = { company: 1, to: '2024-03-20' };

describe('single flight', () => {
  it('concurrent misses for one key share one computation', async () => {
    const cache = new ResponseCache();
    const gate = deferred<{ n: number }>();
    let calls = 0;
    const compute = () => {
      calls++;
      return gate.promise;
    };
    const all = Promise.all(Array.from({ length: 5 }, () => cache.get('k', tags, compute)));
    gate.resolve({ n: 1 });
    const results = await all;
    expect(calls).toBe(1);
    expect(results.map((r) => r.text)).toEqual(Array(5).fill('{"n":1}'));
    expect((await cache.get('k', tags, compute)).hit).toBe(true);
  });

  it('a change during a computation keeps its result out of the cache and detaches later readers', async () => {
    const cache = new ResponseCache();
    const gate = deferred<string>();
    const first = cache.get('k', tags, () => gate.promise);
    cache.invalidate({ companyId: 1, tables: ['expenses'], dates: ['2024-03-01'], source: 'write', rows: 1 });
    let fresh = 0;
    const second = cache.get('k', tags, () => {
      fresh++;
      return 'new';
    });
    gate.resolve('old');
    expect((await first).text).toBe('"old"');
    expect((await second).text).toBe('"new"');
    expect(fresh).toBe(1);
    expect((await cache.get('k', tags, () => 'x')).text).toBe('"new"');
  });

  it('a failed computation is not cached and does not block the next attempt', async () => {
    const cache = new ResponseCache();
    await expect(cache.get('k', tags, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await cache.get('k', tags, () => 1)).text).toBe('1');
  });
});

describe('bounds and keys', () => {
  it('evicts by bytes and counts evictions', async () => {
    const cache = new ResponseCache(100);
    await cache.get('a', tags, () => 'x'.repeat(60));
    await cache.get('b', tags, () => 'y'.repeat(60));
    const s = cache.stats();
    expect(s.evictions).toBe(1);
    expect(s.bytes).toBeLessThanOrEqual(100);
    expect(cache.has('a')).toBe(false);
    expect(cache.has('b')).toBe(true);
  });

  it('keys ignore parameter order and undefined values', () => {
    expect(cacheKey('v', { b: 2, a: 1, c: undefined })).toBe(cacheKey('v', { a: 1, b: 2 }));
    expect(cacheKey('v', { a: 1 })).not.toBe(cacheKey('w', { a: 1 }));
  });
});
