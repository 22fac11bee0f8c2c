import type { Group, Role, User } from '../../../model/types';
import { policySize, quota, type QuotaName } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/inline-policy-size',
  scope: 'entity',
  severity: 'error',
  message: 'The inline policies of this entity are larger than IAM allows.',
  doc: `The inline policies of one entity may total 2,048 characters for a user, 5,120 for a group and 10,240 for
a role, whitespace not counted. **Fix:** move statements into customer managed policies (6,144 characters
each), or tighten them (wildcards for families of actions, fewer repeated ARNs).`,
  file({ file, report }) {
    const check = (e: User | Group | Role, q: QuotaName, label: string) => {
      if (e.inlinePolicies.length === 0) return;
      let size = 0;
      for (let i = 0, inlinePolicies = e.inlinePolicies; i < inlinePolicies.length; i++) {
        const p = inlinePolicies[i];
        size += policySize(p.document.json);
      }
      const limit = quota(file, q);
      if (size > limit) report(e.inlinePoliciesSpan ?? e.nameSpan, `The inline policies of ${label} "${e.name}" hold ${size} characters without whitespace; IAM allows ${limit}.`);
    };
    for (const e of file.users.values()) check(e, 'userInlinePolicySize', 'user');
    for (const e of file.groups.values()) check(e, 'groupInlinePolicySize', 'group');
    for (const e of file.roles.values()) check(e, 'roleInlinePolicySize', 'role');
  },
});
