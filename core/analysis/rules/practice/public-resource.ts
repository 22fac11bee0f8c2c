import { isAllow, principalIsAnyone } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/public-resource',
  kinds: ['resource'],
  severity: 'warning',
  message: 'The resource policy allows anyone ("Principal": "*") without conditions: the resource is public.',
  doc: `A resource-based policy (bucket policy, queue policy, key policy, ...) that allows \`"Principal": "*"\` with no
condition lets anyone on the internet, signed in to AWS or not, perform the actions. That is right for a public
website bucket and wrong almost everywhere else. **Fix:** name the principals, or add conditions such as
\`aws:PrincipalOrgID\`, \`aws:SourceVpce\` or \`aws:SourceArn\`.`,
  policy({ target, report }) {
    if (target.kind !== 'resource') return;
    for (const st of target.doc.statements) {
      if (!isAllow(st) || st.conditions.length) continue;
      const at = principalIsAnyone(st.principal);
      if (at) report(at, `Anyone may use ${target.where.replace(/^the policy of /, '')} through this statement: it is public.`);
    }
  },
});
