import { isAllow, principalValues } from '../support/policy';
import { defineRule } from '../types';

/** Keys that tie a service's request to the resource or account it acts for. */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths'];

export default defineRule({
  id: 'practice/service-principal-source',
  kinds: ['resource'],
  severity: 'warning',
  message: 'A service principal is allowed without aws:SourceArn or aws:SourceAccount (confused deputy).',
  doc: `A resource policy that lets a service in (\`"Principal": {"Service": "sns.amazonaws.com"}\`) lets that
service act for **any** customer: another account can point its own SNS topic, CloudTrail trail or
EventBridge rule at your queue, bucket or key, and the service will write to it (the confused deputy problem).
Conditions on \`aws:SourceArn\`, \`aws:SourceAccount\` (or \`aws:SourceOrgID\` / \`aws:SourceOrgPaths\`) limit it to
requests made for your own resources. IAM Access Analyzer: "Restrict access to service principal"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html);
[the confused deputy problem](https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html)).
Role trust policies are not checked: a service assuming a role is bound to the resource it runs for.
**Fix:** add \`"StringEquals": {"aws:SourceAccount": "<your account>"}\` or \`"ArnLike": {"aws:SourceArn": "<the
resource>"}\`.`,
  policy({ target, report }) {
    if (target.kind !== 'resource') return;
    for (const st of target.doc.statements) {
      if (!isAllow(st) || !st.principal) continue;
      const services = principalValues(st.principal).filter((p) => p.type === 'Service');
      if (!services.length) continue;
      if (st.conditions.some((c) => SOURCE_KEYS.includes(c.key.value.toLowerCase()))) continue;
      report(services[0].value.span, `${services.map((s) => s.value.value).join(', ')} may act here for any AWS customer; add an aws:SourceArn or aws:SourceAccount condition.`);
    }
  },
});
