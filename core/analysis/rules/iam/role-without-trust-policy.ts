import { defineRule } from '../types';

export default defineRule({
  id: 'iam/role-without-trust-policy',
  scope: 'entity',
  severity: 'error',
  message: 'Every role needs a trust policy saying who may assume it.',
  doc: `A role can only be created with a trust (assume role) policy; without one nobody can use it. **Fix:** add
\`"trustPolicy"\` with a statement allowing \`sts:AssumeRole\` to the service or principals that use the role.`,
  file({ file, report }) {
    for (const r of file.roles.values()) {
      if (!r.trustPolicy) report(r.trustPolicyKeySpan ?? r.nameSpan, `Role "${r.name}" has no trust policy: nobody can assume it.`);
    }
  },
});
