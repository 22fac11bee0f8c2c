import { defineRule } from '../types';
import { escalationReports, escalationReportsInSteps } from './shared';

export default defineRule({
  id: 'escalation/pass-role',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'A principal can become an administrator by passing a role to a service that runs its code.',
  doc: `The principal may pass a role (\`iam:PassRole\`, checked with \`iam:PassedToService\`) to a service whose resources
run code it writes: EC2 (\`ec2:RunInstances\` with an instance profile), Lambda (\`lambda:CreateFunction\` and a way to
run it), CloudFormation, Glue, SageMaker, CodeBuild, ECS, Data Pipeline, Step Functions, App Runner, Auto Scaling;
and the role, which trusts that service, is (or leads to) an administrator. Sources: Rhino Security Labs' methods,
pathfinding.cloud, Cloudsplaining. See docs/escalation.md.

**Fix:** scope \`iam:PassRole\` to the roles the principal's workloads need, with an \`iam:PassedToService\` condition.`,
  prepare: (ws) => escalationReportsInSteps(ws),
  workspace({ workspace, report }) {
    for (const r of escalationReports(workspace)) {
      if (r.family === 'pass-role') report(r.span, r.message, { uri: r.uri, related: r.related, severity: r.severity });
    }
  },
});
