import { daysSince, maxAge, today } from '../support/dates';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/unused-credentials',
  scope: 'entity',
  severity: 'warning',
  message: 'Credentials unused for more than 90 days.',
  doc: `Access keys and console passwords nobody uses are pure risk. CIS and AWS Config
(\`iam-user-unused-credentials-check\`) flag credentials unused for 90 days. **Fix:** deactivate the key or
remove the console password; delete them when nobody complains.`,
  file({ file, report, config }) {
    const now = today(file, config);
    const limit = maxAge(config);
    for (const u of file.users.values()) {
      for (let i = 0, accessKeys = u.accessKeys; i < accessKeys.length; i++) {
        const k = accessKeys[i];
        if (k.status !== 'Active') continue;
        if (k.lastUsed) {
          const last = daysSince(k.lastUsed.value, now);
          if (last !== undefined && last > limit) report(k.lastUsed.span, `Access key ${k.id?.value ?? ''} of user "${u.name}" was last used ${last} days ago; deactivate it.`.replace('  ', ' '));
          continue;
        }
        const created = daysSince(k.created?.value, now);
        if (created !== undefined && created > limit) report(k.created!.span, `Access key ${k.id?.value ?? ''} of user "${u.name}" was never used in ${created} days; deactivate it.`.replace('  ', ' '));
      }
      const c = u.console;
      if (c?.enabled) {
        if (c.lastSignIn) {
          const last = daysSince(c.lastSignIn.value, now);
          if (last !== undefined && last > limit) report(c.lastSignIn.span, `User "${u.name}" last signed in to the console ${last} days ago; remove the password.`);
          continue;
        }
        const changed = daysSince(c.passwordLastChanged?.value, now);
        if (changed !== undefined && changed > limit) report(c.passwordLastChanged!.span, `User "${u.name}" never signed in with a password set ${changed} days ago; remove it.`);
      }
    }
  },
});
