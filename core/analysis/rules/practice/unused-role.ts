import { daysSince, maxAge, today } from '../support/dates';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/unused-role',
  scope: 'entity',
  severity: 'info',
  message: 'The role was not used for more than 90 days.',
  doc: `A role nobody assumed for months still holds its permissions and its trust: it is attack surface with no
benefit. IAM Access Analyzer's unused-access findings flag the same. **Fix:** check who owns the role; delete
it (or remove its permissions) when nothing needs it.`,
  file({ file, report, config }) {
    const now = today(file, config);
    const limit = maxAge(config);
    for (const r of file.roles.values()) {
      if (r.serviceLinked || !r.lastUsed) continue;
      const days = daysSince(r.lastUsed.value, now);
      if (days !== undefined && days > limit) report(r.lastUsed.span, `Role "${r.name}" was last used ${days} days ago.`);
    }
  },
});
