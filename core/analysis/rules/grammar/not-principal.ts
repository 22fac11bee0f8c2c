import { FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/not-principal',
  facts: FACT.principals,
  severity: 'error',
  message: 'NotPrincipal is only supported with "Effect": "Deny", and not in role trust policies.',
  doc: `\`NotPrincipal\` (everyone except the listed principals) works only in Deny statements of resource-based
policies; AWS rejects it with Allow and in role trust policies. AWS recommends a condition on
\`aws:PrincipalArn\` instead. **Fix:** write \`"Principal": "*"\` with an \`ArnNotEquals\` / \`ArnNotLike\` condition on
\`aws:PrincipalArn\`.`,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!st.notPrincipal) continue;
      if (target.kind === 'trust') report(st.notPrincipal.span, 'NotPrincipal cannot be used in a role trust policy; name the principals in Principal.');
      else if (st.effect?.value === 'Allow') report(st.notPrincipal.span, 'NotPrincipal works only with "Effect": "Deny"; use "Principal": "*" with a condition on aws:PrincipalArn.');
    }
  },
});
