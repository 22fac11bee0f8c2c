import { daysSince, maxAge, today } from '../support/dates';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/access-key-age',
  scope: 'entity',
  severity: 'warning',
  message: 'Access key older than 90 days: rotate it.',
  doc: `Long-lived keys end up in scripts, laptops and logs; the older a key, the likelier it has leaked. AWS
Config's \`access-keys-rotated\` checks 90 days. **Fix:** create a second key, move its users over, deactivate
and delete the old one; better, replace keys by roles (IAM Identity Center, instance profiles, OIDC).`,
  file({ file, report, config }) {
    const now = today(file, config);
    const limit = maxAge(config);
    for (const u of file.users.values()) {
      for (let i = 0, accessKeys = u.accessKeys; i < accessKeys.length; i++) {
        const k = accessKeys[i];
        if (k.status !== 'Active' || !k.created) continue;
        const age = daysSince(k.created.value, now);
        if (age !== undefined && age > limit) report(k.created.span, `Access key ${k.id?.value ?? ''} of user "${u.name}" is ${age} days old; rotate keys within ${limit} days.`.replace('  ', ' '));
      }
    }
  },
});
