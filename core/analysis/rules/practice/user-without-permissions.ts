import { defineRule } from '../types';

export default defineRule({
  id: 'practice/user-without-permissions',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'info',
  message: 'The user has no permissions.',
  doc: `A user with no policies of its own and no group that has any can do nothing but (with a console password)
change its password. Often a leftover from someone who left. **Fix:** delete the user, or add it to the
group it needs.`,
  file({ file, report }) {
    for (const u of file.users.values()) {
      if (u.policies.length || u.inlinePolicies.length) continue;
      if (u.memberOf.some((g) => g.policies.length || g.inlinePolicies.length)) continue;
      const named = new Set(u.memberOf.map((g) => g.name.toLowerCase()));
      if (u.groups.some((g) => !named.has(g.name.toLowerCase()))) continue; // an unknown group: ref/unknown-group speaks
      report(u.nameSpan, `User "${u.name}" has no policies and is in no group that has any.`);
    }
  },
});
