/**
 * A bounded cache of results per string (an action, an ARN): an account repeats the same values in
 * thousands of statements, and the catalogue look-ups behind a rule are the same each time.
 */
export function memo<T>(compute: (key: string) => T, limit = 50000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, v);
    }
    return v as T;
  };
}
