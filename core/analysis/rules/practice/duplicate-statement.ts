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
    const prepared = sts.map((st) => new PreparedStatement(st));
    const services: (Set<string> | undefined)[] = new Array(n);
    const servicesOf = (i: number) => (services[i] ??= serviceSet(sts[i]));
    const sigs: (string | undefined)[] = new Array(n);
    const sigOf = (i: number) => (sigs[i] ??= `${shape(sts[i])}|${[...servicesOf(i)].sort().join(',')}`);
    // Statements of the same effect and sizes (a signature's leading part): only they can repeat each other.
    const shapes = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const k = shape(sts[i]);
      const list = shapes.get(k);
      if (list) list.push(i);
      else shapes.set(k, [i]);
    }
    for (let i = 0; i < n; i++) {
      const st = sts[i];
      const same = shapes.get(shape(st))!;
      let first: number | undefined;
      if (same.length > 1) {
        for (const j of same) {
          if (j >= i) break;
          if (sigOf(j) === sigOf(i) && prepared[j].key === prepared[i].key) {
            first = j;
            break;
          }
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
      let wider: (typeof sts)[number] | undefined;
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
          servicesCover(servicesOf(j), servicesOf(i)) &&
          preparedCovers(prepared[j], prepared[i]) &&
          prepared[j].key !== prepared[i].key
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

/** Effect and sizes: the leading part of a statement's signature. */
function shape(st: Statement): string {
  return `${st.effect?.value}|${st.action?.values.length ?? 0}|${st.resource?.values.length ?? -1}|${st.conditions.length}`;
}

/** The services a statement's actions name (lower case; "*" for a wildcard or malformed prefix). */
function serviceSet(st: Statement): Set<string> {
  const services = new Set<string>();
  for (const a of st.action?.values ?? []) {
    const v = a.value.toLowerCase();
    const colon = v.indexOf(':');
    services.add(v === '*' || colon < 0 || /[*?]/.test(v.slice(0, colon)) ? '*' : v.slice(0, colon));
  }
  return services;
}

function servicesCover(outer: Set<string>, inner: Set<string>): boolean {
  if (outer.has('*')) return true;
  for (const x of inner) if (x === '*' || !outer.has(x)) return false;
  return true;
}
