import { quota } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/mfa-devices-per-user',
  scope: 'entity',
  severity: 'error',
  message: 'A user can have at most 8 MFA devices.',
  doc: `IAM allows up to eight MFA devices of any type per user. **Fix:** remove devices no longer in use.`,
  file({ file, report }) {
    const limit = quota(file, 'mfaDevicesPerUser');
    for (const u of file.users.values()) {
      if (u.mfa.length > limit) report(u.mfa[limit].span, `User "${u.name}" has ${u.mfa.length} MFA devices; IAM allows ${limit}.`);
    }
  },
});
