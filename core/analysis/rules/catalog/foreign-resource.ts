import { defineRule } from '../types';
import { values } from '../support/policy';
import { patternsIntersect } from '../support/values';
import { executeApiOf } from '../support/arns';

export default defineRule({
  id: 'catalog/foreign-resource',
  kinds: ['resource'],
  severity: 'error',
  message: "A resource policy's Resource names another resource.",
  doc: `A resource-based policy governs the resource it is attached to, and its \`Resource\` element can only name
that resource or what it holds (a bucket's objects: \`arn:aws:s3:::my-bucket/*\`). A bucket policy naming another
bucket is rejected by S3, or grants nothing. IAM Access Analyzer: "Unsupported resource ARN in policy"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
A REST API's policy (keyed by its \`arn:aws:apigateway:REGION::/restapis/API-ID\` ARN) names the API's methods as
\`execute-api\` ARNs of the same region, account and API id, or as \`execute-api:/STAGE/VERB/PATH\` (API Gateway fills in
the rest): those are its own resource.
**Fix:** name this resource (or \`"*"\`, which here means this resource), and put the other resource's grants in
its own policy.`,
  policy({ target, report }) {
    if (target.kind !== 'resource') return;
    const own = target.file.resources.find((r) => r.policy === target.doc)?.arn;
    if (!own || /[*?$]/.test(own)) return;
    const api = executeApiOf(own, target.file.accountId);
    for (const st of target.doc.statements) {
      for (const list of [st.resource, st.notResource]) {
        for (const r of values(list)) {
          if (r.value === '*' || r.value.includes('${')) continue;
          if (patternsIntersect(r.value, own) || patternsIntersect(r.value, `${own}/*`) || patternsIntersect(r.value, `${own}:*`)) continue;
          if (api && (r.value.startsWith('execute-api:/') || patternsIntersect(r.value, api))) continue;
          report(r.span, `"${r.value}" is not ${own} nor inside it: this policy can only govern ${own}.`);
        }
      }
    }
  },
});
