import { quota } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/access-keys-per-user',
  scope: 'entity',
  severity: 'error',
  message: 'A user (or the root user) can have at most two access keys.',
  doc: `IAM allows two access keys per user, active or inactive, so that one can be rotated while the other is in
use. **Fix:** delete the keys no longer used.`,
  file({ file, report }) {
    const limit = quota(file, 'accessKeysPerUser');
    for (const u of file.users.values()) {
      if (u.accessKeys.length > limit) report(u.accessKeys[limit].span, `User "${u.name}" has ${u.accessKeys.length} access keys; IAM allows ${limit}.`);
    }
    const root = file.account.root;
    if (root && root.accessKeys.length > limit) report(root.accessKeys[limit].span, `The root user has ${root.accessKeys.length} access keys; AWS allows ${limit}.`);
  },
});
