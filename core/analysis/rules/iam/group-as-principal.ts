import { principalValues } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'iam/group-as-principal',
  severity: 'error',
  message: 'A group is not a principal: it cannot be named in Principal.',
  doc: `Groups are a way to attach policies to users; they cannot sign requests, so a policy cannot name a group as
its \`Principal\` (AWS rejects the policy: "Invalid principal"). **Fix:** name the users or roles, or the
account with a condition on \`aws:PrincipalArn\`.`,
  policy({ target, report }) {
    for (const st of target.doc.statements) {
      if (!st.principal && !st.notPrincipal) continue;
      for (const { type, value } of [...principalValues(st.principal), ...principalValues(st.notPrincipal)]) {
        if (type === 'AWS' && value.value.includes(':group/') && /^arn:[\w-]+:iam::[^:]*:group\//.test(value.value)) report(value.span);
      }
    }
  },
});
