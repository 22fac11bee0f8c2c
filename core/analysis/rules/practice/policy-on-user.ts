import { defineRule } from '../types';

export default defineRule({
  id: 'practice/policy-on-user',
  scope: 'entity',
  severity: 'warning',
  message: 'Permissions attached directly to a user: attach them to a group.',
  doc: `AWS recommends granting permissions through groups (or roles): a user's permissions then follow from what
the user does, are reviewed in one place, and are removed by leaving the group. Policies attached to
single users drift and are forgotten. **Fix:** create (or reuse) a group with these policies and add the
user to it.`,
  file({ file, report }) {
    for (const u of file.users.values()) {
      if (u.policies.length) report(u.policiesSpan ?? u.nameSpan, `User "${u.name}" has managed policies attached directly; attach them to a group and add the user to it.`);
      if (u.inlinePolicies.length) report(u.inlinePoliciesSpan ?? u.nameSpan, `User "${u.name}" has inline policies; put the permissions in a group's policy instead.`);
    }
  },
});
