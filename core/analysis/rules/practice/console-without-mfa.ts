import { isAdminUser } from '../support/admin';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/console-without-mfa',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'Console user without MFA.',
  doc: `A console password alone is one phishing e-mail away from your account. AWS recommends MFA for every user
who signs in to the console. (Administrators without MFA are reported by \`practice/admin-without-mfa\`.)
**Fix:** assign an MFA device (a passkey or security key is best) and consider denying actions without
\`aws:MultiFactorAuthPresent\`.`,
  file({ file, report }) {
    for (const u of file.users.values()) {
      if (!u.console?.enabled || u.mfa.length > 0 || isAdminUser(u)) continue;
      report(u.console.span, `User "${u.name}" signs in to the console without MFA.`);
    }
  },
});
