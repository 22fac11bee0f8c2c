import { defineRule } from '../types';
import { escalationReports, escalationReportsInSteps } from './shared';

export default defineRule({
  id: 'escalation/permissions',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'A principal can become an administrator by rewriting its own (or a reachable principal\'s) permissions.',
  doc: `The principal may change what it (or a principal it can become) is allowed: publish a new version of a customer
managed policy attached to it (\`iam:CreatePolicyVersion\`; \`iam:SetDefaultPolicyVersion\` is only *possible*, as the
files don't hold older versions), write or attach a policy on its user, group or role (\`iam:Put*Policy\`,
\`iam:Attach*Policy\`; attaching is checked with \`iam:PolicyARN\` = AdministratorAccess), add itself to a group
(\`iam:AddUserToGroup\`), or remove or replace its permissions boundary. The rewritten principal is then asked again:
a boundary or an SCP that still holds it back means no finding. See docs/escalation.md.

**Fix:** grant IAM write actions to administrators only, or scope them with conditions (\`iam:PolicyARN\`,
\`iam:PermissionsBoundary\`) and a boundary that denies changing itself.`,
  prepare: (ws) => escalationReportsInSteps(ws),
  workspace({ workspace, report }) {
    for (const r of escalationReports(workspace)) {
      if (r.family === 'permissions') report(r.span, r.message, { uri: r.uri, related: r.related, severity: r.severity });
    }
  },
});
