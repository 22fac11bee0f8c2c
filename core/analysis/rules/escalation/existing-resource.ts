import { defineRule } from '../types';
import { escalationReports, escalationReportsInSteps } from './shared';

export default defineRule({
  id: 'escalation/existing-resource',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'info',
  message: 'A principal could become an administrator through an existing resource that runs as a role.',
  doc: `The principal may change what an existing resource runs (a Lambda function's code or configuration, a command on an
EC2 instance through SSM or EC2 Instance Connect, a Glue development endpoint, a CodeBuild project, an ECS task through
ECS Exec, a CloudFormation stack, a SageMaker notebook), and a role of the account that such a resource may run as is
(or leads to) an administrator. The files don't describe those resources, so this is *possible if such a resource
exists* and always information. See docs/escalation.md.

**Fix:** scope those actions to the resources the principal owns; don't give workloads administrator roles.`,
  prepare: (ws) => escalationReportsInSteps(ws),
  workspace({ workspace, report }) {
    for (const r of escalationReports(workspace)) {
      if (r.family === 'existing-resource') report(r.span, r.message, { uri: r.uri, related: r.related, severity: r.severity });
    }
  },
});
