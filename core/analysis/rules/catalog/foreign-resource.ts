import { defineRule } from '../types';
import { values } from '../support/policy';
import { patternsIntersect } from '../support/values';

export default defineRule({
  id: 'catalog/foreign-resource',
  severity: 'error',
  message: "A resource policy's Resource names another resource.",
  doc: `A resource-based policy governs the resource it is attached to, and its \`Resource\` element can only name
that resource or what it holds (a bucket's objects: \`arn:aws:s3:::my-bucket/*\`). A bucket policy naming another
bucket is rejected by S3, or grants nothing. IAM Access Analyzer: "Unsupported resource ARN in policy"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** name this resource (or \`"*"\`, which here means this resource), and put the other resource's grants in
its own policy.`,
  policy({ target, report }) {
    if (target.kind !== 'resource') return;
    const own = target.file.resources.find((r) => r.policy === target.doc)?.arn;
    if (!own || /[*?$]/.test(own)) return;
    for (const st of target.doc.statements) {
      for (const list of [st.resource, st.notResource]) {
        for (const r of values(list)) {
          if (r.value === '*' || r.value.includes('${')) continue;
          if (patternsIntersect(r.value, own) || patternsIntersect(r.value, `${own}/*`) || patternsIntersect(r.value, `${own}:*`)) continue;
          report(r.span, `"${r.value}" is not ${own} nor inside it: this policy can only govern ${own}.`);
        }
      }
    }
  },
});
