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
    const keys = new Map<string, number>();
    const keyOf = sts.map(statementKey);
    for (const [i, st] of sts.entries()) {
      const key = keyOf[i];
      const first = keys.get(key);
      if (first !== undefined) {
        const f = sts[first];
        report(head(st.span), `Statement ${st.sid ? `"${st.sid.value}"` : st.index + 1} repeats statement ${f.sid ? `"${f.sid.value}"` : f.index + 1}.`, {
          related: [{ uri: target.doc.uri, span: f.span, message: 'the first statement' }],
        });
        continue;
      }
      keys.set(key, i);
      const wider = sts.find((o) => o !== st && o.conditions.length === 0 && o.effect?.value === st.effect?.value && statementCovers(o, st) && keyOf[sts.indexOf(o)] !== key);
      if (wider) {
        report(head(st.span), `Statement ${st.sid ? `"${st.sid.value}"` : st.index + 1} is redundant: statement ${wider.sid ? `"${wider.sid.value}"` : wider.index + 1} already covers it.`, {
          severity: 'info',
          related: [{ uri: target.doc.uri, span: wider.span, message: 'the wider statement' }],
        });
      }
    }
  },
});
