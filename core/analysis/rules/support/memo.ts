/**
 * A bounded cache of results per string (an action, an ARN): an account repeats the same values in
 * thousands of statements, and the catalogue look-ups behind a rule are the same each time.
 *
 * The store is a prototype-less object, not a Map: a property look-up internalizes the key string in
 * place, so the next rules asking with the same value (several rules read every action) compare
 * pointers instead of characters; measured several times faster than Map.get on parsed values.
 */
export function memo<T>(compute: (key: string) => T, limit = 50000): (key: string) => T {
  let cache: Record<string, T | typeof NONE> = Object.create(null);
  let size = 0;
  return (key: string) => {
    const v = cache[key];
    if (v === undefined) {
      const computed = compute(key);
      if (size >= limit) {
        cache = Object.create(null);
        size = 0;
      }
      // Undefined results (the common "nothing wrong") are stored as NONE: one look-up per call.
      cache[key] = computed === undefined ? NONE : computed;
      size++;
      return computed;
    }
    return (v === NONE ? undefined : v) as T;
  };
}

const NONE: unique symbol = Symbol('none');
