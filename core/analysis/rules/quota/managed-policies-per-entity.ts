import type { Group, Role, User } from '../../../model/types';
import { quota, QUOTAS, type QuotaName } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/managed-policies-per-entity',
  scope: 'entity',
  severity: 'error',
  message: 'Too many managed policies attached.',
  doc: `At most 10 managed policies can be attached to a user (raisable to 20), a group (fixed) or a role
(raisable to 25). Attaching more fails. **Fix:** combine policies into fewer customer managed policies, or
record a raised quota in \`account.quotas\` (\`managedPoliciesPerRole\`, \`managedPoliciesPerUser\`).`,
  file({ file, report }) {
    const check = (e: User | Group | Role, q: QuotaName, label: string, limit: number) => {
      if (e.policies.length > limit) {
        report(e.policiesSpan ?? e.nameSpan, `${e.policies.length} managed policies are attached to ${label} "${e.name}"; the quota is ${limit}${limit < QUOTAS[q].max ? ` (raisable to ${QUOTAS[q].max})` : ''}.`);
      }
    };
    const users = quota(file, 'managedPoliciesPerUser');
    for (const e of file.users.values()) check(e, 'managedPoliciesPerUser', 'user', users);
    const groups = quota(file, 'managedPoliciesPerGroup');
    for (const e of file.groups.values()) check(e, 'managedPoliciesPerGroup', 'group', groups);
    const roles = quota(file, 'managedPoliciesPerRole');
    for (const e of file.roles.values()) check(e, 'managedPoliciesPerRole', 'role', roles);
  },
});
