import { cap, principalIsAnyone } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'trust/principal-wildcard',
  kinds: ['trust'],
  severity: 'error',
  message: 'Anyone may assume this role: "Principal": "*".',
  doc: `A trust policy with \`"Principal": "*"\` (or \`{"AWS": "*"}\`) lets every AWS principal in every account assume
the role. With conditions (\`aws:PrincipalOrgID\`, \`aws:PrincipalArn\`) it may be intended; without, it is an
open door. **Fix:** name the accounts or roles that may assume it, or add an \`aws:PrincipalOrgID\`
condition.`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (const st of target.doc.statements) {
      if (st.effect?.value !== 'Allow') continue;
      const at = principalIsAnyone(st.principal);
      if (!at) continue;
      if (st.conditions.length === 0) report(at, `${cap(target.where)} lets any AWS principal, in any account, assume the role.`);
      else report(at, `${cap(target.where)} trusts any principal, limited only by conditions; check they pin the caller (aws:PrincipalOrgID, aws:PrincipalArn).`, { severity: 'warning' });
    }
  },
});
