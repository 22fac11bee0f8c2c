/**
 * Wildcard patterns as IAM writes them (`*` any run of characters, `?` one character), with policy
 * variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}` `${?}` `${$}`).
 * A pattern is compiled once into a matcher; patterns with variables are resolved per request.
 */
import { ANY_ONE, ANY_RUN, compileGlobTokens } from '../text/glob';
import { variableRanges } from '../text/variables';

/** One piece of a pattern: literal text, a wildcard, or a policy variable. */
export type Part =
  | { lit: string }
  | { wild: '*' | '?' }
  | { variable: string; fallback?: string };

/** Looks up a single-valued context key for a policy variable; undefined when absent. */
export type VariableLookup = (key: string) => string | undefined;

/**
 * Splits a pattern into parts. Variables are recognised only when `variables` is true (documents
 * with `"Version": "2012-10-17"`); otherwise `${...}` is plain text, as AWS treats it.
 */
export function parsePattern(text: string, variables: boolean): Part[] {
  const parts: Part[] = [];
  const pushText = (s: string) => {
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 42 || c === 63) {
        if (i > from) parts.push({ lit: s.slice(from, i) });
        parts.push({ wild: c === 42 ? '*' : '?' });
        from = i + 1;
      }
    }
    if (from < s.length) parts.push({ lit: s.slice(from) });
  };
  if (!variables || !text.includes('${')) {
    pushText(text);
    return parts;
  }
  let last = 0;
  for (const m of variableRanges(text)) {
    pushText(text.slice(last, m.start));
    last = m.end;
    const inner = m.inner.trim();
    if (inner === '*' || inner === '?' || inner === '$') {
      parts.push({ lit: inner });
      continue;
    }
    const def = defaultValue(inner);
    if (def) parts.push(def);
    else parts.push({ variable: inner });
  }
  pushText(text.slice(last));
  return parts;
}

/**
 * `key, 'default'` (the key up to the first comma, then a quoted default holding no quote), or undefined.
 * Read by hand: the regular expression it replaces took time quadratic in a run of spaces.
 */
function defaultValue(inner: string): { variable: string; fallback: string } | undefined {
  const comma = inner.indexOf(',');
  if (comma < 0) return undefined;
  const rest = inner.slice(comma + 1).trimStart();
  if (rest.length < 2 || rest[0] !== "'" || rest[rest.length - 1] !== "'") return undefined;
  const fallback = rest.slice(1, -1);
  if (fallback.includes("'")) return undefined;
  return { variable: inner.slice(0, comma).trim(), fallback };
}

export function hasVariables(parts: Part[]): boolean {
  return parts.some((p) => 'variable' in p);
}

/**
 * Resolves variables to literal text. Returns undefined when a variable has no value and no
 * default: AWS then treats that pattern as not matching.
 */
export function resolveParts(parts: Part[], lookup: VariableLookup): Part[] | undefined {
  const out: Part[] = [];
  for (const p of parts) {
    if ('variable' in p) {
      const v = lookup(p.variable) ?? p.fallback;
      if (v === undefined) return undefined;
      out.push({ lit: v });
    } else out.push(p);
  }
  return out;
}

/** The text of resolved parts (wildcards kept as `*`/`?`). For explanations. */
export function partsText(parts: Part[]): string {
  return parts.map((p) => ('lit' in p ? p.lit : 'wild' in p ? p.wild : `\${${p.variable}}`)).join('');
}

export type Matcher = (s: string) => boolean;

export const ALWAYS: Matcher = () => true;
export const NEVER: Matcher = () => false;

/** Whether any of the matchers matches (none: never). */
export function anyMatcher(fs: Matcher[]): Matcher {
  if (fs.length === 0) return NEVER;
  if (fs.length === 1) return fs[0];
  return (a) => {
    for (const f of fs) if (f(a)) return true;
    return false;
  };
}

/** The glob tokens of resolved parts (see core/text/glob.ts); a variable left unresolved stands for nothing. */
function partTokens(parts: Part[]): number[] {
  const out: number[] = [];
  for (const p of parts) {
    if ('wild' in p) out.push(p.wild === '*' ? ANY_RUN : ANY_ONE);
    else if ('lit' in p) for (let i = 0; i < p.lit.length; i++) out.push(p.lit.charCodeAt(i));
  }
  return out;
}

/** A plain wildcard matcher over the whole string, in time linear in pattern × string (no regular expression). */
export function globMatcher(parts: Part[], ignoreCase: boolean): Matcher {
  if (parts.length === 1 && 'wild' in parts[0] && parts[0].wild === '*') return ALWAYS;
  if (parts.every((p) => 'lit' in p)) {
    const lit = parts.map((p) => (p as { lit: string }).lit).join('');
    if (!ignoreCase) return (s) => s === lit;
    const lower = lit.toLowerCase();
    return (s) => s.length === lower.length && s.toLowerCase() === lower;
  }
  const m = compileGlobTokens(partTokens(parts), ignoreCase);
  return (s) => m(s);
}

const COLON = 58;

/**
 * An ARN matcher: the first five colon-separated fields (arn, partition, service, region, account)
 * are matched one by one, wildcards never crossing a colon; the resource field takes the rest,
 * colons and slashes included. A pattern that is not an ARN is matched as a plain wildcard.
 * A pattern that stops before the resource field (`"arn:aws:s3:*"`) lets its last `*` run on, colons
 * included. Case-sensitive; linear in pattern × string: the text is cut at its first colons, and each
 * field is matched by a glob matcher of core/text/glob.ts.
 */
export function arnMatcher(parts: Part[]): Matcher {
  if (parts.length === 1 && 'wild' in parts[0] && parts[0].wild === '*') return ALWAYS;
  const literal = parts.filter((p) => 'lit' in p).map((p) => (p as { lit: string }).lit).join('');
  if (!literal.toLowerCase().startsWith('arn:')) {
    // Resources like "*" or a bare bucket name: a plain wildcard.
    return globMatcher(parts, false);
  }
  // The pattern's fields: cut at its first five colons (wildcards never stand for a colon there).
  const tokens = partTokens(parts);
  const fields: number[][] = [[]];
  for (const t of tokens) {
    if (t === COLON && fields.length < 6) fields.push([]);
    else fields[fields.length - 1].push(t);
  }
  const cut = fields.length - 1; // the text's colons that line up with the pattern's
  if (cut === 5 && fields.slice(0, 5).every((f) => !f.includes(ANY_RUN) && !f.includes(ANY_ONE))) {
    // The common case (`arn:aws:s3:::bucket/*`): fixed fields, so the text's first five colons are the
    // pattern's own and the whole text can be matched at once.
    const whole = compileGlobTokens(tokens, false);
    return (s) => whole(s);
  }
  const matchers = fields.map((f) => compileGlobTokens(f, false));
  // Fields without wildcards (most: "arn", "aws", the service, the account) compare as plain text.
  const literals = fields.map((f) => (f.some((t) => t < 0) ? undefined : f.map((c) => String.fromCharCode(c)).join('')));
  const lastField = fields[cut];
  // Short of the resource field, a last "*" runs on (colons included); any other wildcard there stops at a colon.
  const runsOn = cut < 5 && lastField.length > 0 && lastField[lastField.length - 1] === ANY_RUN;
  const colons = new Int32Array(cut);
  return (s) => {
    let from = 0;
    for (let i = 0; i < cut; i++) {
      const at = s.indexOf(':', from);
      if (at < 0) return false;
      colons[i] = at;
      from = at + 1;
    }
    let start = 0;
    for (let i = 0; i < cut; i++) {
      const lit = literals[i];
      if (lit !== undefined ? colons[i] - start !== lit.length || !s.startsWith(lit, start) : !matchers[i](s, start, colons[i])) return false;
      start = colons[i] + 1;
    }
    if (cut === 5) return matchers[5](s, start, s.length);
    const next = s.indexOf(':', start);
    if (next < 0) return matchers[cut](s, start, s.length);
    // The text goes on past another colon: only a last "*" can take it, so what comes before must match
    // the field with its last "*" (which then takes the rest).
    return runsOn && matchers[cut](s, start, next);
  };
}

/** Wildcard matcher for a pattern with variables, compiled per distinct resolved text. */
export function variableMatcher(
  parts: Part[],
  build: (resolved: Part[]) => Matcher,
): (s: string, lookup: VariableLookup) => boolean {
  const cache = new Map<string, Matcher>();
  return (s, lookup) => {
    const resolved = resolveParts(parts, lookup);
    if (!resolved) return false;
    const key = JSON.stringify(resolved);
    let m = cache.get(key);
    if (!m) {
      if (cache.size > 256) cache.clear();
      m = build(resolved);
      cache.set(key, m);
    }
    return m(s);
  };
}
