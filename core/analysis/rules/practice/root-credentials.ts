import { head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/root-credentials',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'error',
  message: 'The root user has access keys or no MFA.',
  doc: `The root user can do everything, including closing the account, and cannot be restricted by IAM policies.
AWS recommends no access keys for it at all and MFA always. **Fix:** delete the root access keys (use IAM
roles instead) and enable MFA on the root user.`,
  file({ file, report }) {
    const root = file.account.root;
    if (!root) return;
    for (const k of root.accessKeys) {
      report(k.span, `The root user has ${k.status === 'Active' ? 'an active' : 'an inactive'} access key; delete it.`, { severity: k.status === 'Active' ? 'error' : 'warning' });
    }
    if (root.mfa?.value !== true) report(root.mfa?.span ?? head(root.span), 'The root user has no MFA; enable it.');
  },
});
