/** Glob matching for the pinned access checks: `*` any run of characters, `?` one, as IAM patterns. */
import { compileGlob, type GlobMatcher } from '../../../text/glob';
const cache = new Map<string, GlobMatcher>();
export function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    if (cache.size > 1000) cache.clear();
    re = compileGlob(pattern, ignoreCase);
    cache.set(key, re);
  }
  return re(value);
}

/** Can some resource match both patterns? (One matches the other, taken literally: `*` covers `prod-*`, `prod-*` covers `prod-a`.) */
export function overlaps(a: string, b: string): boolean {
  return glob(a, b) || glob(b, a);
}
