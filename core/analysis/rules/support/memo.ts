/**
 * A bounded cache of results per string (an action, an ARN): an account repeats the same values in
 * thousands of statements, and the catalogue look-ups behind a rule are the same each time.
 */
export function memo<T>(compute: (key: string) => T, limit = 50000): (key: string) => T {
  // Undefined results (the common "nothing wrong") are stored as NONE: one look-up per call.
  const cache = new Map<string, T | typeof NONE>();
  return (key: string) => {
    let v = cache.get(key);
    if (v === undefined) {
      const computed = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, computed === undefined ? NONE : computed);
      return computed;
    }
    return (v === NONE ? undefined : v) as T;
  };
}

const NONE: unique symbol = Symbol('none');
