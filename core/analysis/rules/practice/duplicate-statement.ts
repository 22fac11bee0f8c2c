import { head } from '../support/policy';
import { statementCovers, statementKey } from '../support/subsume';
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
    if (sts.length < 2) return;
    // Cheap facts first; full keys and coverage tests only where they can match.
    const facts = sts.map((st) => {
      const actions = st.action?.values ?? [];
      const services = new Set<string>();
      for (const a of actions) {
        const v = a.value.toLowerCase();
        const colon = v.indexOf(':');
        services.add(v === '*' || colon < 0 || /[*?]/.test(v.slice(0, colon)) ? '*' : v.slice(0, colon));
      }
      const sig = `${st.effect?.value}|${actions.length}|${st.resource?.values.length ?? -1}|${st.conditions.length}|${[...services].sort().join(',')}`;
      return { services, sig, key: undefined as string | undefined };
    });
    const keyOf = (i: number) => (facts[i].key ??= statementKey(sts[i]));
    const sigs = new Map<string, number[]>();
    for (let i = 0; i < facts.length; i++) {
      const list = sigs.get(facts[i].sig);
      if (list) list.push(i);
      else sigs.set(facts[i].sig, [i]);
    }
    const servicesCover = (outer: Set<string>, inner: Set<string>) => outer.has('*') || [...inner].every((x) => x !== '*' && outer.has(x));
    for (let i = 0; i < sts.length; i++) {
      const st = sts[i];
      const same = sigs.get(facts[i].sig)!;
      const first = same.length > 1 ? same.find((j) => j < i && keyOf(j) === keyOf(i)) : undefined;
      if (first !== undefined) {
        const f = sts[first];
        report(head(st.span), `Statement ${st.sid ? `"${st.sid.value}"` : st.index + 1} repeats statement ${f.sid ? `"${f.sid.value}"` : f.index + 1}.`, {
          related: [{ uri: target.doc.uri, span: f.span, message: 'the first statement' }],
        });
        continue;
      }
      const wider = sts.find(
        (o, j) =>
          j !== i &&
          o.conditions.length === 0 &&
          o.effect?.value === st.effect?.value &&
          servicesCover(facts[j].services, facts[i].services) &&
          statementCovers(o, st) &&
          keyOf(j) !== keyOf(i),
      );
      if (wider) {
        report(head(st.span), `Statement ${st.sid ? `"${st.sid.value}"` : st.index + 1} is redundant: statement ${wider.sid ? `"${wider.sid.value}"` : wider.index + 1} already covers it.`, {
          severity: 'info',
          related: [{ uri: target.doc.uri, span: wider.span, message: 'the wider statement' }],
        });
      }
    }
  },
});
