import { head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/password-policy',
  severity: 'warning',
  message: 'Password policy weaker than AWS Config\'s iam-password-policy defaults.',
  doc: `AWS Config's \`iam-password-policy\` rule expects at least 14 characters, upper- and lower-case letters,
numbers and symbols, reuse prevention of 24 passwords and a maximum age of 90 days. Without a password
policy, IAM's default allows 8-character passwords of any kind. **Fix:** set those values in
\`account.passwordPolicy\`.`,
  file({ file, report }) {
    const users = [...file.users.values()].some((u) => u.console?.enabled);
    const pp = file.account.passwordPolicy;
    if (!pp) {
      if (users && file.account.span) report(file.account.id?.span ?? head(file.account.span), 'The account has console users but no password policy; set one (length 14, all character classes, reuse 24, max age 90).');
      return;
    }
    const at = head(pp.span);
    if (!pp.minimumLength || pp.minimumLength.value < 14) report(pp.minimumLength?.span ?? at, `Require at least 14 characters${pp.minimumLength ? `, not ${pp.minimumLength.value}` : ''}.`);
    for (const [v, what] of [
      [pp.requireUppercase, 'requireUppercase'],
      [pp.requireLowercase, 'requireLowercase'],
      [pp.requireNumbers, 'requireNumbers'],
      [pp.requireSymbols, 'requireSymbols'],
    ] as const) {
      if (v?.value !== true) report(v?.span ?? at, `Set "${what}": true.`);
    }
    if (!pp.reusePrevention || pp.reusePrevention.value < 24) report(pp.reusePrevention?.span ?? at, `Prevent reuse of the last 24 passwords${pp.reusePrevention ? `, not ${pp.reusePrevention.value}` : ''}.`);
    if (!pp.maxAgeDays || pp.maxAgeDays.value > 90) report(pp.maxAgeDays?.span ?? at, `Expire passwords after at most 90 days${pp.maxAgeDays ? `, not ${pp.maxAgeDays.value}` : ''}.`);
  },
});
