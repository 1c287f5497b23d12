/**
 * The answer kept in `cache` under `key`, made by `make` the first time. Answers that depend only
 * on their key (formatters, formatted texts, translations) are kept per process; a cache that
 * reaches `limit` entries starts over rather than grow without end (interpolated names and dates
 * make new keys all the time).
 */
export function remember<V>(cache: Map<string, V>, key: string, limit: number, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
  }
  return value;
}
