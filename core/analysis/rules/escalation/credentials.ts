import { defineRule } from '../types';
import { escalationReports, escalationReportsInSteps } from './shared';

export default defineRule({
  id: 'escalation/credentials',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'A principal can become an administrator by taking another user\'s credentials.',
  doc: `The principal may create an access key (\`iam:CreateAccessKey\`) or set a console password (\`iam:CreateLoginProfile\` for
a user without one, \`iam:UpdateLoginProfile\` for one with) for a user who is (or leads to) an administrator, and sign
in as that user. Source: Rhino Security Labs' privilege-escalation methods. See docs/escalation.md.

**Fix:** scope these actions to the caller's own user (\`arn:aws:iam::ACCOUNT:user/\${aws:username}\`).`,
  prepare: (ws) => escalationReportsInSteps(ws),
  workspace({ workspace, report }) {
    for (const r of escalationReports(workspace)) {
      if (r.family === 'credentials') report(r.span, r.message, { uri: r.uri, related: r.related, severity: r.severity });
    }
  },
});
