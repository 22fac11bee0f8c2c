import { principalValues } from '../support/policy';
import { FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'iam/group-as-principal',
  facts: FACT.principals,
  severity: 'error',
  message: 'A group is not a principal: it cannot be named in Principal.',
  doc: `Groups are a way to attach policies to users; they cannot sign requests, so a policy cannot name a group as
its \`Principal\` (AWS rejects the policy: "Invalid principal"). **Fix:** name the users or roles, or the
account with a condition on \`aws:PrincipalArn\`.`,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!st.principal && !st.notPrincipal) continue;
      for (let j = 0, list = [...principalValues(st.principal), ...principalValues(st.notPrincipal)]; j < list.length; j++) {
        const { type, value } = list[j];
        if (type === 'AWS' && value.value.includes(':group/') && /^arn:[\w-]+:iam::[^:]*:group\//.test(value.value)) report(value.span);
      }
    }
  },
});
