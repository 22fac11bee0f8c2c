import { directAdmin, groupIsAdmin } from '../support/admin';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/admins-spread',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'info',
  message: 'Administrator access is granted in several places.',
  doc: `When full access comes from several groups (or is attached to users directly), nobody sees at a glance who
the administrators are. **Fix:** keep one administrators group and grant full access only there.`,
  file({ file, report }) {
    const groups = [...file.groups.values()].filter(groupIsAdmin);
    if (groups.length > 1) {
      report(groups[1].nameSpan, `Groups ${groups.map((g) => `"${g.name}"`).join(', ')} all give administrator access; keep one administrators group.`, {
        related: [{ uri: file.uri, span: groups[0].nameSpan, message: `group "${groups[0].name}"` }],
      });
    }
    for (const u of file.users.values()) {
      if (directAdmin(u)) report(u.policiesSpan ?? u.inlinePoliciesSpan ?? u.nameSpan, `User "${u.name}" has administrator access attached directly; grant it through the administrators group.`);
    }
  },
});
