import { defineRule } from '../types';
import { escalationReports, escalationReportsInSteps } from './shared';

export default defineRule({
  id: 'escalation/assume-role',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'A principal can become an administrator by assuming roles.',
  doc: `The principal's own policies allow \`sts:AssumeRole\` on a role whose trust policy lets it in, and that role is (or
leads to) an administrator; or the principal can rewrite a role's trust policy (\`iam:UpdateAssumeRolePolicy\`) and then
assume it. Each step is decided by the evaluator with the principal's policies, groups, boundary and SCPs and the
role's trust policy (cross-account: both sides must allow). The related locations are the statements that allow each
step. A step that needs condition keys the files can't supply (MFA, an external id) makes the finding information only.

**Fix:** narrow \`sts:AssumeRole\` to the roles the principal needs (no \`"Resource": "*"\`), make administrator roles
trust named principals (not the whole account) with MFA, and grant \`iam:UpdateAssumeRolePolicy\` to administrators only.
See docs/escalation.md.`,
  prepare: (ws) => escalationReportsInSteps(ws),
  workspace({ workspace, report }) {
    for (const r of escalationReports(workspace)) {
      if (r.family === 'assume-role') report(r.span, r.message, { uri: r.uri, related: r.related, severity: r.severity });
    }
  },
});
