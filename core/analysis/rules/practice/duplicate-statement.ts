import { memo } from '../support/memo';
import { head } from '../support/policy';
import type { Statement } from '../../../policy/types';
import { preparedCovers, PreparedStatement } from '../support/subsume';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/duplicate-statement',
  severity: 'warning',
  message: 'Duplicate or redundant statement.',
  doc: `A statement identical to another one of the same policy (ignoring Sid) adds nothing; nor does one whose
actions and resources another unconditional statement with the same effect already covers (reported as
information). Both make the policy longer (it has a size quota) and harder to review. **Fix:** delete the
duplicate, or merge the two.`,
  policy({ target, report }) {
    const sts = target.doc.statements;
    const n = sts.length;
    if (n < 2) return;
    // Cheap facts first; signatures, keys and coverage tests only where they can match.
    const facts = sts.map((st) => new Facts(st));
    for (let i = 0; i < n; i++) {
      const st = sts[i];
      const fi = facts[i];
      let first: number | undefined;
      for (let j = 0; j < i; j++) {
        if (facts[j].sameShape(fi) && facts[j].sig === fi.sig && facts[j].key === fi.key) {
          first = j;
          break;
        }
      }
      if (first !== undefined) {
        const f = sts[first];
        report(head(st.span), `Statement ${st.sid ? `"${st.sid.value}"` : st.index + 1} repeats statement ${f.sid ? `"${f.sid.value}"` : f.index + 1}.`, {
          related: [{ uri: target.doc.uri, span: f.span, message: 'the first statement' }],
        });
        continue;
      }
      // Only a statement with Action (not NotAction, NotResource, NotPrincipal) can be covered.
      if (!st.action || st.notAction || st.notResource || st.notPrincipal) continue;
      let wider: Statement | undefined;
      for (let j = 0; j < n; j++) {
        const o = sts[j];
        if (
          j !== i &&
          o.conditions.length === 0 &&
          o.action &&
          !o.notAction &&
          !o.notResource &&
          !o.notPrincipal &&
          o.effect?.value === st.effect?.value &&
          servicesCover(facts[j].services, fi.services) &&
          preparedCovers(facts[j], fi) &&
          facts[j].key !== fi.key
        ) {
          wider = o;
          break;
        }
      }
      if (wider) {
        report(head(st.span), `Statement ${st.sid ? `"${st.sid.value}"` : st.index + 1} is redundant: statement ${wider.sid ? `"${wider.sid.value}"` : wider.index + 1} already covers it.`, {
          severity: 'info',
          related: [{ uri: target.doc.uri, span: wider.span, message: 'the wider statement' }],
        });
      }
    }
  },
});

/**
 * A statement prepared for comparison, with its signature: effect, sizes and services (two statements
 * repeat each other only with the same signature and canonical key); each part worked out when asked.
 */
class Facts extends PreparedStatement {
  readonly effect: string | undefined;
  readonly actionCount: number;
  readonly resourceCount: number;
  private _services?: string[];
  private _sig?: string;
  constructor(st: Statement) {
    super(st);
    this.effect = st.effect?.value;
    this.actionCount = st.action?.values.length ?? 0;
    this.resourceCount = st.resource?.values.length ?? -1;
  }
  /** Same effect and sizes: the leading part of the signature. */
  sameShape(o: Facts): boolean {
    return this.effect === o.effect && this.actionCount === o.actionCount && this.resourceCount === o.resourceCount && this.st.conditions.length === o.st.conditions.length;
  }
  get sig(): string {
    return (this._sig ??= `${this.effect}|${this.actionCount}|${this.resourceCount}|${this.st.conditions.length}|${this.services.join(',')}`);
  }
  /** The services the actions name, sorted and each once (lower case; "*" for a wildcard or malformed prefix). */
  get services(): string[] {
    if (!this._services) {
      const services: string[] = [];
      for (let i = 0, list = this.st.action?.values ?? []; i < list.length; i++) {
        const a = list[i];
        const s = serviceOf(a.value);
        if (!services.includes(s)) services.push(s);
      }
      this._services = services.length > 1 ? services.sort() : services;
    }
    return this._services;
  }
}

/** The service prefix of an action in lower case, "*" for a wildcard or malformed prefix. */
const serviceOf = memo((value: string): string => {
  const colon = value.indexOf(':');
  if (colon > 0 && ascii(value, colon)) {
    // Lower case leaves an ASCII prefix as long as it was: only the prefix needs it.
    const prefix = value.slice(0, colon);
    return /[*?]/.test(prefix) ? '*' : prefix.toLowerCase();
  }
  const v = value.toLowerCase();
  const c = v.indexOf(':');
  return v === '*' || c < 0 || /[*?]/.test(v.slice(0, c)) ? '*' : v.slice(0, c);
});

function ascii(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

function servicesCover(outer: string[], inner: string[]): boolean {
  if (outer.includes('*')) return true;
  for (let i = 0; i < inner.length; i++) {
    const x = inner[i];
    if (x === '*' || !outer.includes(x)) return false;
  }
  return true;
}
