import { describe, expect, it } from 'vitest';
import { createPromiseCache } from '../../../core/runtime/memo';

describe('createPromiseCache', () => {
  it('loads a key once for concurrent callers', async () => {
    const cache = createPromiseCache<string, number>();
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('other', load)).toBe(2);
  });

  it('forgets a failed load, so the next call tries again', async () => {
    const cache = createPromiseCache<string, string>();
    await expect(cache.get('model', () => Promise.reject(new Error('missing file')))).rejects.toThrow('missing file');
    expect(await cache.get('model', async () => 'loaded')).toBe('loaded');
  });

  it('forgets a key on request and hands back everything on clear', async () => {
    const cache = createPromiseCache<string, string>();
    await cache.get('t', async () => 'v1');
    cache.forget('t');
    expect(await cache.get('t', async () => 'v2')).toBe('v2');
    await cache.get('u', async () => 'w');
    expect(await Promise.all(cache.clear())).toEqual(['v2', 'w']);
    expect(await cache.get('t', async () => 'v3')).toBe('v3');
  });
});
