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
    for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      if (!st.principal && !st.notPrincipal) continue;
      for (let i2_ = 0, l2_ = [...principalValues(st.principal), ...principalValues(st.notPrincipal)]; i2_ < l2_.length; i2_++) { const { type, value } = l2_[i2_];
        if (type === 'AWS' && value.value.includes(':group/') && /^arn:[\w-]+:iam::[^:]*:group\//.test(value.value)) report(value.span);
      }
    }
  },
});
