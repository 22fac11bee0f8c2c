import { defineRule } from '../types';

export default defineRule({
  id: 'quota/password-policy',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'error',
  message: 'Password policy value out of the range IAM accepts.',
  doc: `IAM accepts a minimum password length of 6 to 128, a maximum age of 1 to 1,095 days, and a reuse
prevention of 1 to 24 previous passwords. **Fix:** pick a value in range (and see
\`practice/password-policy\` for the recommended ones).`,
  file({ file, report }) {
    const pp = file.account.passwordPolicy;
    if (!pp) return;
    const ranges = [
      [pp.minimumLength, 'minimumLength', 6, 128],
      [pp.maxAgeDays, 'maxAgeDays', 1, 1095],
      [pp.reusePrevention, 'reusePrevention', 1, 24],
    ] as const;
    for (const [v, name, min, max] of ranges) {
      if (v && (v.value < min || v.value > max || !Number.isInteger(v.value))) {
        report(v.span, `"${name}" must be a whole number from ${min} to ${max}, not ${v.value}.`);
      }
    }
  },
});
