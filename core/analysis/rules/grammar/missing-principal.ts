import { head, NEEDS_PRINCIPAL } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/missing-principal',
  kinds: [...NEEDS_PRINCIPAL],
  severity: 'error',
  message: 'This kind of policy needs a Principal in every statement.',
  doc: `Trust policies, resource-based policies and resource control policies say *who* the statement applies to,
with \`Principal\` (or \`NotPrincipal\`); AWS rejects statements without it. **Fix:** add a \`Principal\`, e.g.
\`{"Service": "ec2.amazonaws.com"}\` in a trust policy, or \`"*"\` in an RCP.`,
  policy({ target, report }) {
    if (!NEEDS_PRINCIPAL.has(target.kind)) return;
    for (const st of target.doc.statements) {
      if (st.principal || st.notPrincipal) continue;
      if (target.doc.findings.some((f) => f.span.start >= st.span.start && f.span.end <= st.span.end && /Principal/.test(f.message))) continue;
      report(head(st.span), `Statement ${st.sid ? `"${st.sid.value}"` : st.index + 1} of ${target.where} has no Principal.`);
    }
  },
});
