import { isAdminUser } from '../support/admin';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/admin-without-mfa',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'error',
  message: 'Administrator without MFA.',
  doc: `A user with full administrator access and no MFA device is the account's weakest point: one stolen
password or key gives away everything. **Fix:** assign an MFA device now; better, let administrators work
through a role that requires MFA to assume.`,
  file({ file, report }) {
    for (const u of file.users.values()) {
      if (u.mfa.length > 0 || !isAdminUser(u)) continue;
      if (!u.console?.enabled && u.accessKeys.every((k) => k.status !== 'Active')) continue;
      report(u.console?.enabled ? u.console.span : u.nameSpan, `User "${u.name}" has administrator access and no MFA device.`);
    }
  },
});
