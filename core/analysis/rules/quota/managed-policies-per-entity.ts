import { quota, QUOTAS, type QuotaName } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/managed-policies-per-entity',
  severity: 'error',
  message: 'Too many managed policies attached.',
  doc: `At most 10 managed policies can be attached to a user (raisable to 20), a group (fixed) or a role
(raisable to 25). Attaching more fails. **Fix:** combine policies into fewer customer managed policies, or
record a raised quota in \`account.quotas\` (\`managedPoliciesPerRole\`, \`managedPoliciesPerUser\`).`,
  file({ file, report }) {
    const entities = [
      ...[...file.users.values()].map((e) => ({ e, q: 'managedPoliciesPerUser' as QuotaName, label: 'user' })),
      ...[...file.groups.values()].map((e) => ({ e, q: 'managedPoliciesPerGroup' as QuotaName, label: 'group' })),
      ...[...file.roles.values()].map((e) => ({ e, q: 'managedPoliciesPerRole' as QuotaName, label: 'role' })),
    ];
    for (const { e, q, label } of entities) {
      const limit = quota(file, q);
      if (e.policies.length > limit) {
        report(e.policiesSpan ?? e.nameSpan, `${e.policies.length} managed policies are attached to ${label} "${e.name}"; the quota is ${limit}${limit < QUOTAS[q].max ? ` (raisable to ${QUOTAS[q].max})` : ''}.`);
      }
    }
  },
});
