import { insertPropertiesFix, replaceValueFix } from '../support/edits';
import { head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/password-policy',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'Password policy weaker than AWS Config\'s iam-password-policy defaults.',
  doc: `AWS Config's \`iam-password-policy\` rule expects at least 14 characters, upper- and lower-case letters,
numbers and symbols, reuse prevention of 24 passwords and a maximum age of 90 days. Without a password
policy, IAM's default allows 8-character passwords of any kind. **Fix:** set those values in
\`account.passwordPolicy\`.`,
  file({ file, report }) {
    const pp = file.account.passwordPolicy;
    if (!pp) {
      let users = false;
      for (const u of file.users.values()) {
        if (!u.console?.enabled) continue;
        users = true;
        break;
      }
      if (users && file.account.span) report(file.account.id?.span ?? head(file.account.span), 'The account has console users but no password policy; set one (length 14, all character classes, reuse 24, max age 90).');
      return;
    }
    const at = head(pp.span);
    const missing: [string, unknown][] = [];
    const fixValue = (span: { start: number; end: number }, value: unknown) => [replaceValueFix(`Change to ${JSON.stringify(value)}`, file.uri, span, value)];
    if (!pp.minimumLength) missing.push(['minimumLength', 14]);
    else if (pp.minimumLength.value < 14) report(pp.minimumLength.span, `Require at least 14 characters, not ${pp.minimumLength.value}.`, { fixes: fixValue(pp.minimumLength.span, 14) });
    for (const [v, what] of [
      [pp.requireUppercase, 'requireUppercase'],
      [pp.requireLowercase, 'requireLowercase'],
      [pp.requireNumbers, 'requireNumbers'],
      [pp.requireSymbols, 'requireSymbols'],
    ] as const) {
      if (!v) missing.push([what, true]);
      else if (v.value !== true) report(v.span, `Set "${what}": true.`, { fixes: fixValue(v.span, true) });
    }
    if (!pp.reusePrevention) missing.push(['reusePrevention', 24]);
    else if (pp.reusePrevention.value < 24) report(pp.reusePrevention.span, `Prevent reuse of the last 24 passwords, not ${pp.reusePrevention.value}.`, { fixes: fixValue(pp.reusePrevention.span, 24) });
    if (!pp.maxAgeDays) missing.push(['maxAgeDays', 90]);
    else if (pp.maxAgeDays.value > 90) report(pp.maxAgeDays.span, `Expire passwords after at most 90 days, not ${pp.maxAgeDays.value}.`, { fixes: fixValue(pp.maxAgeDays.span, 90) });
    if (missing.length) {
      const fix = insertPropertiesFix('Add the recommended settings', file.uri, file.text, pp.span, missing);
      report(at, `The password policy does not set ${missing.map(([k, v]) => `"${k}": ${JSON.stringify(v)}`).join(', ')}.`, { fixes: fix ? [fix] : [] });
    }
  },
});
