/**
 * How deep a JSON text nests, found without recursion. jsonc-parser's `parseTree` and `visit`, its
 * `getNodeValue`, `JSON.stringify`, `structuredClone` and our own readers all recurse once per level,
 * and overflow the stack somewhere between 2,500 and 5,000 levels (measured on Node 20): a file of
 * 100,000 `[` would crash them. Every reader of JSON text therefore asks `tooDeep` first (one pass,
 * no allocation but a small stack) and refuses a text nested beyond `MAX_JSON_DEPTH`, with an error at
 * the bracket that crosses the limit. No real document comes close: an account file nests about 12
 * levels, a policy about 6.
 */

/** The deepest nesting of objects and arrays any reader accepts (documented in docs/iam-json.md). */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 34, BACKSLASH = 92, SLASH = 47, STAR = 42, LF = 10, CR = 13;
const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;

/**
 * The offset of the `{` or `[` that opens level `limit + 1`, or -1 when the text nests no deeper than
 * `limit`. Reads JSON with comments as jsonc-parser scans it: brackets inside strings (which end at an
 * unescaped quote or a line break) and comments don't count. A closing bracket closes only the
 * innermost container of its own kind; any other closing bracket is ignored, so a broken text never
 * counts shallower than a parser might recurse on it.
 */
export function tooDeep(text: string, limit = MAX_JSON_DEPTH): number {
  const open = new Uint8Array(limit + 1);
  let depth = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === limit) return i;
      open[depth++] = c;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth > 0 && open[depth - 1] === c - 2) depth--;
    } else if (c === QUOTE) {
      for (i++; i < len; i++) {
        const d = text.charCodeAt(i);
        if (d === QUOTE || d === LF || d === CR) break;
        if (d === BACKSLASH) i++;
      }
    } else if (c === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) {
        for (i += 2; i < len; i++) {
          const d = text.charCodeAt(i);
          if (d === LF || d === CR) break;
        }
      } else if (next === STAR) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) return -1;
        i = end + 1;
      }
    }
  }
  return -1;
}

/**
 * Whether a parsed value nests objects and arrays deeper than `limit` (the top value at level 1). V8's JSON.parse
 * does not recurse, so a text may be parsed first and measured as a value: for a large text of few values (a batch
 * of 10,000 simulations is 7.8 MB of text and 150,000 values) this is many times cheaper than `tooDeep`'s pass over
 * every character, which is then needed only to name the position. The walk recurses, but never deeper than
 * `limit + 1` calls (it stops there), and allocates nothing: 11 ms for that batch, where an explicit stack and
 * `Object.values` took 43 ms (issue 20). Meant for JSON.parse's values: an object's members are its enumerable
 * string-keyed properties (`for...in`: JSON.parse's objects inherit none).
 */
export function valueTooDeep(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  return value !== null && typeof value === 'object' && deeper(value, 1, limit);
}

function deeper(v: object, depth: number, limit: number): boolean {
  if (depth > limit) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const c: unknown = v[i];
      if (c !== null && typeof c === 'object' && deeper(c, depth + 1, limit)) return true;
    }
  } else {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const c = o[k];
      if (c !== null && typeof c === 'object' && deeper(c, depth + 1, limit)) return true;
    }
  }
  return false;
}

/** The message for a text refused by `tooDeep` (the caller adds the position). */
export function tooDeepMessage(limit = MAX_JSON_DEPTH): string {
  return `JSON nested deeper than ${limit} levels; nothing in an IAM document nests this deep, so the text is not read`;
}

/** An error for a JSON text nested too deep, naming its position (for readers that throw or return errors). */
export class TooDeepError extends Error {
  constructor(readonly offset: number, where: string) {
    super(`${where}: ${tooDeepMessage()}`);
  }
}
