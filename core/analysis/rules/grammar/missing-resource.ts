import { head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/missing-resource',
  severity: 'error',
  message: 'The statement has neither Resource nor NotResource.',
  doc: `Identity policies, permissions boundaries, SCPs, RCPs and resource policies need \`Resource\` (or
\`NotResource\`) in every statement; IAM rejects the policy otherwise. Role trust policies are the exception
(see \`grammar/resource-in-trust-policy\`). **Fix:** add \`"Resource"\` with the ARNs the statement covers
(\`"*"\` for actions that take no resource).`,
  policy({ target, report }) {
    if (target.kind === 'trust') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (st.resource || st.notResource) continue;
      if (target.doc.findings.some((f) => f.span.start >= st.span.start && f.span.end <= st.span.end && /Resource/.test(f.message))) continue;
      report(head(st.span));
    }
  },
});
