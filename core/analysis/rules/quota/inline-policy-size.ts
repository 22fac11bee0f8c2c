import { policySize, quota, type QuotaName } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/inline-policy-size',
  severity: 'error',
  message: 'The inline policies of this entity are larger than IAM allows.',
  doc: `The inline policies of one entity may total 2,048 characters for a user, 5,120 for a group and 10,240 for
a role, whitespace not counted. **Fix:** move statements into customer managed policies (6,144 characters
each), or tighten them (wildcards for families of actions, fewer repeated ARNs).`,
  file({ file, report }) {
    const entities = [
      ...[...file.users.values()].map((e) => ({ e, q: 'userInlinePolicySize' as QuotaName, label: 'user' })),
      ...[...file.groups.values()].map((e) => ({ e, q: 'groupInlinePolicySize' as QuotaName, label: 'group' })),
      ...[...file.roles.values()].map((e) => ({ e, q: 'roleInlinePolicySize' as QuotaName, label: 'role' })),
    ];
    for (const { e, q, label } of entities) {
      if (e.inlinePolicies.length === 0) continue;
      const size = e.inlinePolicies.reduce((n, p) => n + policySize(p.document.json), 0);
      const limit = quota(file, q);
      if (size > limit) report(e.inlinePoliciesSpan ?? e.nameSpan, `The inline policies of ${label} "${e.name}" hold ${size} characters without whitespace; IAM allows ${limit}.`);
    }
  },
});
