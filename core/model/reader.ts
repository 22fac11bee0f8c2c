import type { Finding, Severity } from '../findings';
import { describeType, exact, nodeSpan, properties, type Node, type Property } from '../json/tree';
import type { Located, Span } from '../text/span';

/**
 * Reads typed fields out of JSON nodes for one file, turning every mismatch into a finding
 * (`schema/*`) instead of an exception. Readers return undefined for what they can't read.
 */
export class Reader {
  readonly findings: Finding[] = [];

  constructor(readonly uri: string) {}

  report(span: Span, message: string, code = 'schema/type', severity: Severity = 'error'): void {
    const text = message.charAt(0).toUpperCase() + message.slice(1);
    this.findings.push({ code, severity, message: text, uri: this.uri, span });
  }

  /**
   * The properties of an object node by key. Unknown keys are reported (`schema/unknown-key`,
   * a warning: the rest still reads); duplicate keys are reported and the first one wins.
   */
  object(node: Node | undefined, what: string, known?: readonly string[]): Map<string, Property> | undefined {
    if (!node) return undefined;
    if (node.type !== 'object') {
      this.report(nodeSpan(node), `${what} must be an object, not ${describeType(node)}.`);
      return undefined;
    }
    const out = new Map<string, Property>();
    for (const p of properties(node)) {
      const earlier = out.get(p.key);
      if (earlier) {
        this.duplicate(nodeSpan(p.keyNode), p.key, what, nodeSpan(earlier.keyNode));
        continue;
      }
      if (known && !known.includes(p.key)) {
        const hint = closest(p.key, known);
        this.report(
          nodeSpan(p.keyNode),
          `Unknown key "${p.key}" in ${what}${hint ? `; did you mean "${hint}"?` : `; expected one of ${known.join(', ')}.`}`,
          'schema/unknown-key',
          'warning',
        );
      }
      out.set(p.key, p);
    }
    return out;
  }

  /** A key written again in one object (`span`), after the first of its name (`first`, the one used). */
  duplicate(span: Span, key: string, what: string, first: Span): void {
    this.report(span, `Duplicate key "${key}" in ${what}; the first one is used.`, 'parse/duplicate-key');
    this.findings[this.findings.length - 1].related = [{ uri: this.uri, span: first, message: `The first "${key}" (the one used)` }];
  }

  /** The entries of a map-shaped object (`"users": { "alice": {...} }`), duplicates reported. */
  entries(node: Node | undefined, what: string): Property[] {
    const map = this.object(node, what);
    return map ? [...map.values()] : [];
  }

  string(node: Node | undefined, what: string): Located<string> | undefined {
    if (!node || node.type === 'null') return undefined;
    if (node.type !== 'string') {
      this.report(nodeSpan(node), `${what} must be a string, not ${describeType(node)}.`);
      return undefined;
    }
    return { value: node.value, span: nodeSpan(node) };
  }

  number(node: Node | undefined, what: string): Located<number> | undefined {
    if (!node || node.type === 'null') return undefined;
    if (node.type !== 'number') {
      this.report(nodeSpan(node), `${what} must be a number, not ${describeType(node)}.`);
      return undefined;
    }
    return { value: node.value, span: nodeSpan(node) };
  }

  boolean(node: Node | undefined, what: string): Located<boolean> | undefined {
    if (!node || node.type === 'null') return undefined;
    if (node.type !== 'boolean') {
      this.report(nodeSpan(node), `${what} must be true or false, not ${describeType(node)}.`);
      return undefined;
    }
    return { value: node.value, span: nodeSpan(node) };
  }

  /** An array of strings; a lone string is accepted too (and reported), non-strings are skipped. */
  strings(node: Node | undefined, what: string): Located<string>[] {
    if (!node || node.type === 'null') return [];
    if (node.type === 'string') {
      this.report(nodeSpan(node), `${what} must be an array; write ["${node.value}"].`, 'schema/type', 'warning');
      return [{ value: node.value, span: nodeSpan(node) }];
    }
    if (node.type !== 'array') {
      this.report(nodeSpan(node), `${what} must be an array of strings, not ${describeType(node)}.`);
      return [];
    }
    const out: Located<string>[] = [];
    let bad = 0;
    let unlisted: Node | undefined;
    for (const item of node.children ?? []) {
      // Past MAX_ENTRY_PROBLEMS wrong entries in one list, one finding counts the rest: a 2 MB list of garbage
      // holds a million of them, seconds of findings (found by the fuzz tier).
      if (item.type !== 'string' && item.type !== 'null' && ++bad > MAX_ENTRY_PROBLEMS) {
        unlisted ??= item;
        continue;
      }
      const s = this.string(item, `Each entry of ${what}`);
      if (s) out.push(s);
    }
    if (unlisted) this.report(nodeSpan(unlisted), `${bad - MAX_ENTRY_PROBLEMS} more entries of ${lower(what)} from here on are not strings either (not listed).`);
    return exact(out);
  }

  array(node: Node | undefined, what: string): Node[] {
    if (!node || node.type === 'null') return [];
    if (node.type !== 'array') {
      this.report(nodeSpan(node), `${what} must be an array, not ${describeType(node)}.`);
      return [];
    }
    return node.children ?? [];
  }
}

/** Wrong entries reported one by one in a list of strings; the rest get one finding. */
export const MAX_ENTRY_PROBLEMS = 100;

function lower(what: string): string {
  return what.charAt(0).toLowerCase() + what.slice(1);
}

/** The known key closest to `key` by edit distance, when it is close enough to be a typo. */
export function closest(key: string, known: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    // The distance is at least the difference in length: past the limit the candidate can't be the answer, and
    // editDistance takes |key| × |k| steps (a 1,000,000-character key, seconds per object; found by the fuzz tier).
    const kl = k.toLowerCase();
    if (Math.abs(kl.length - lower.length) > limit) continue;
    const d = editDistance(lower, kl);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
