import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/rcp',
  kinds: ['rcp'],
  severity: 'error',
  message: 'Resource control policies deny: "Effect": "Deny" with "Principal": "*".',
  doc: `Customer resource control policies (RCPs) can only deny (Allow is reserved for the AWS-managed
\`RCPFullAWSAccess\`), and their \`Principal\` must be \`"*"\` (narrow it with conditions such as
\`aws:PrincipalOrgID\`). **Fix:** write Deny statements with \`"Principal": "*"\` and conditions for the exceptions.`,
  policy({ target, report }) {
    if (target.kind !== 'rcp') return;
    for (const st of target.doc.statements) {
      if (st.effect && st.effect.value !== 'Deny') report(st.effect.span, `An RCP statement must be a Deny; only the AWS-managed RCPFullAWSAccess may Allow.`);
      if (st.notPrincipal) report(st.notPrincipal.span, 'RCPs use "Principal": "*", not NotPrincipal.');
      else if (st.principal && !st.principal.wildcard) report(st.principal.span, 'An RCP\'s Principal must be "*"; narrow it with conditions (aws:PrincipalOrgID, aws:PrincipalArn).');
    }
  },
});
