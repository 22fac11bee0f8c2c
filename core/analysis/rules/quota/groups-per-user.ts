import { quota } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/groups-per-user',
  scope: 'entity',
  severity: 'error',
  message: 'A user can be in at most 10 groups.',
  doc: `IAM limits each user to 10 group memberships (a fixed quota). Adding the 11th fails. **Fix:** merge
groups, or give the user a role to assume for the rarer tasks.`,
  file({ file, report }) {
    const limit = quota(file, 'groupsPerUser');
    for (const u of file.users.values()) {
      if (u.groups.length > limit) report(u.groupsSpan ?? u.nameSpan, `User "${u.name}" is in ${u.groups.length} groups; IAM allows ${limit}.`);
    }
  },
});
