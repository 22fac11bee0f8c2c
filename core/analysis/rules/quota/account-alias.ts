import { defineRule } from '../types';

export default defineRule({
  id: 'quota/account-alias',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'error',
  message: 'Invalid account alias.',
  doc: `An account alias is 3 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen,
without two hyphens in a row, and not 12 digits (it would look like an account id). **Fix:** e.g.
\`"acme-prod"\`.`,
  file({ file, report }) {
    const a = file.account.alias;
    if (!a) return;
    const v = a.value;
    let problem: string | undefined;
    if (v.length < 3 || v.length > 63) problem = `is ${v.length} characters long; aliases have 3 to 63`;
    else if (!/^[a-z0-9-]+$/.test(v)) problem = 'may hold only lower-case letters, digits and hyphens';
    else if (v.startsWith('-') || v.endsWith('-')) problem = 'may not start or end with a hyphen';
    else if (v.includes('--')) problem = 'may not hold two hyphens in a row';
    else if (/^\d{12}$/.test(v)) problem = 'may not be 12 digits';
    if (problem) report(a.span, `The alias "${v}" ${problem}.`);
  },
});
