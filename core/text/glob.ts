/**
 * Wildcard matching in time linear in pattern × text, for every place a wildcard written by a user meets a
 * string (IAM actions, resources, ARNs, condition values, catalogue look-ups). No regular expression is built:
 * a backtracking engine takes exponential time on patterns like `*a*a*a*a*b` against a long string.
 *
 * A pattern is a list of tokens: a character code (>= 0), `ANY_ONE` (`?`, one UTF-16 code unit) or `ANY_RUN`
 * (`*`, any run of code units, colons and line breaks included). The pattern is cut at its stars into
 * segments; the first must match at the start, the last at the end, and each middle one is found at its
 * leftmost place after the previous one. Taking the leftmost place is never wrong when every star may match
 * anything: a later place only leaves less room for the segments after it. Each middle segment is tried at
 * most once per start position, so a match costs at most |pattern| × |text| character comparisons.
 *
 * Case-insensitive patterns compare characters as a regular expression with the `i` flag (and no `u` flag)
 * does: each code unit is mapped by its upper case when that is one code unit, and a non-ASCII character
 * never maps to an ASCII one.
 */

/** `?`: exactly one code unit. */
export const ANY_ONE = -1;
/** `*`: any run of code units, the empty run included. */
export const ANY_RUN = -2;

/** Tests a string, or the part of it from `start` to `end` (exclusive), against a compiled pattern. */
export type GlobMatcher = (s: string, start?: number, end?: number) => boolean;

/**
 * Character comparisons made by every matcher since the program started. Read by the tests (the work of a
 * match must stay within |pattern| × |text|) and the benchmark; never reset by the matchers.
 */
export const globWork = { steps: 0 };

let upperTable: Uint16Array | undefined;

/** The code unit a case-insensitive comparison uses for `c` (the ECMAScript `Canonicalize` of a non-Unicode regex). */
export function foldCase(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  upperTable ??= new Uint16Array(65536);
  let u = upperTable[c];
  if (u === 0) {
    const up = String.fromCharCode(c).toUpperCase();
    u = up.length !== 1 || up.charCodeAt(0) < 128 ? c : up.charCodeAt(0);
    upperTable[c] = u;
  }
  return u;
}

/** The tokens of a pattern written with `*` and `?`; every other character stands for itself. */
export function globTokens(pattern: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    out.push(c === 42 ? ANY_RUN : c === 63 ? ANY_ONE : c);
  }
  return out;
}

/** Compiles a pattern written with `*` and `?` (see globTokens). */
export function compileGlob(pattern: string, ignoreCase: boolean): GlobMatcher {
  return compileGlobTokens(globTokens(pattern), ignoreCase);
}

/**
 * Compares a segment (codes, ANY_ONE) with the text at `at`, which the caller knows has room for it.
 * Returns the comparisons made, negative when the segment does not match there.
 */
function compare(seg: Int32Array, s: string, at: number, fold: boolean): number {
  for (let k = 0; k < seg.length; k++) {
    const p = seg[k];
    if (p === ANY_ONE) continue;
    let c = s.charCodeAt(at + k);
    if (fold && c !== p) c = c < 128 ? (c >= 97 && c <= 122 ? c - 32 : c) : foldCase(c);
    if (c !== p) return -(k + 1);
  }
  return seg.length;
}

/** Compiles a list of tokens (character codes, ANY_ONE, ANY_RUN). */
export function compileGlobTokens(tokens: readonly number[], ignoreCase: boolean): GlobMatcher {
  const segments: Int32Array[] = [];
  let current: number[] = [];
  let stars = 0;
  for (const t of tokens) {
    if (t === ANY_RUN) {
      segments.push(Int32Array.from(current));
      current = [];
      stars++;
    } else current.push(t >= 0 && ignoreCase ? foldCase(t) : t);
  }
  segments.push(Int32Array.from(current));
  const fold = ignoreCase;

  if (stars === 0) {
    const only = segments[0];
    return (s, start = 0, end = s.length) => {
      if (end - start !== only.length) return false;
      const r = compare(only, s, start, fold);
      globWork.steps += r < 0 ? -r : r;
      return r >= 0;
    };
  }
  const head = segments[0];
  const tail = segments[segments.length - 1];
  const middle = segments.slice(1, -1).filter((seg) => seg.length > 0);
  let minLength = head.length + tail.length;
  for (const seg of middle) minLength += seg.length;
  if (minLength === 0) return () => true; // only stars
  return (s, start = 0, end = s.length) => {
    if (end - start < minLength) return false;
    let work = 0;
    let r = compare(head, s, start, fold);
    let ok = r >= 0;
    work += ok ? r : -r;
    if (ok) {
      r = compare(tail, s, end - tail.length, fold);
      ok = r >= 0;
      work += ok ? r : -r;
    }
    if (ok) {
      let pos = start + head.length;
      const last = end - tail.length;
      for (let m = 0; m < middle.length && ok; m++) {
        const seg = middle[m];
        ok = false;
        for (let i = pos; i + seg.length <= last; i++) {
          r = compare(seg, s, i, fold);
          if (r >= 0) {
            work += r;
            pos = i + seg.length;
            ok = true;
            break;
          }
          work -= r;
        }
      }
    }
    globWork.steps += work;
    return ok;
  };
}
