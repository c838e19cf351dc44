/**
 * One promise per key, shared by concurrent callers. A rejected load is forgotten, so fixing the cause
 * (a model folder, a table) and asking again works without a restart.
 */
export interface PromiseCache<K, V> {
  get(key: K, load: () => Promise<V>): Promise<V>;
  forget(key: K): void;
  /** Empties the cache and returns what it held (settled or not), for releasing it. */
  clear(): Promise<V>[];
}

export function createPromiseCache<K, V>(): PromiseCache<K, V> {
  const cache = new Map<K, Promise<V>>();
  return {
    get(key, load) {
      let value = cache.get(key);
      if (!value) {
        const loading = load();
        value = loading;
        cache.set(key, loading);
        loading.catch(() => {
          if (cache.get(key) === loading) cache.delete(key);
        });
      }
      return value;
    },
    forget: (key) => void cache.delete(key),
    clear() {
      const held = [...cache.values()];
      cache.clear();
      return held;
    },
  };
}
