import { daysSince, today } from '../support/dates';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/root-used-recently',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'The root user was used recently.',
  doc: `The root user is for the few tasks only it can do (changing the account's settings, closing it, some
billing and support tasks); everyday work goes through IAM roles or users. A root sign-in or key use within the
last 30 days (counted from \`account.asOf\`, else today) is worth a look: AWS's best practices and the CIS AWS
Foundations Benchmark ask to avoid using it
([root user best practices](https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html)).
**Fix:** confirm who used it and why; give that work to a role, and keep the root credentials locked away.`,
  file({ file, report, config }) {
    const root = file.account.root;
    const used = root?.lastUsed;
    if (!used) return;
    const days = daysSince(used.value, today(file, config));
    if (days === undefined || days > 30 || days < 0) return;
    report(used.span, `The root user was used ${days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`} (${used.value}); use roles for everyday work.`);
  },
});
