import type { User } from '../../../model/types';
import { isAdminUser } from '../support/admin';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/too-many-admins',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'Too many administrators.',
  doc: `Every administrator is a credential that can do anything in the account. Keep the group small (by default
this rule speaks above 3; set \`adminLimit\` in iam-workbench.json) and give others the narrower permissions
they need. **Fix:** remove administrator access from users who do not need it every day.`,
  file({ file, report, config }) {
    const limit = config.adminLimit ?? 3;
    const admins: User[] = [];
    for (const u of file.users.values()) if (isAdminUser(u)) admins.push(u);
    if (admins.length <= limit) return;
    report(admins[limit].nameSpan, `${admins.length} users have administrator access (${admins.map((a) => a.name).join(', ')}); keep it to ${limit} or fewer.`, {
      related: admins.slice(0, limit).map((a) => ({ uri: file.uri, span: a.nameSpan, message: `administrator "${a.name}"` })),
    });
  },
});
