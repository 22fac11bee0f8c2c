import { arnFormatCheck as check, restApiPolicy } from '../support/arns';
import { docFacts, FACT } from '../support/facts';
import { values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/arn-format',
  severity: 'error',
  message: 'Malformed resource ARN.',
  doc: `\`Resource\` and \`NotResource\` take \`"*"\` or ARNs: \`arn:partition:service:region:account:resource\`, six
parts separated by colons (region and account may be empty, as in S3 and IAM ARNs). A missing colon or a
bad account id makes the statement match nothing. Wildcards in the service part match no real resource
either. In a REST API's resource policy, API Gateway's shorthand \`execute-api:/STAGE/VERB/PATH\` (the API's own
methods, expanded when the policy is saved) is accepted. **Fix:** write the ARN as the service documents it, e.g. \`arn:aws:s3:::my-bucket/*\`.`,
  facts: FACT.arnFormat,
  policy({ target, report }) {
    // One pass per document (docFacts) knows whether any resource value is malformed.
    if (!docFacts(target.doc, target.file.text).arnFormat) return;
    for (const st of target.doc.statements) {
      for (const list of [st.resource, st.notResource]) {
        for (const r of values(list)) {
          if (r.value === '*') continue;
          const p = check(r.value);
          // API Gateway's shorthand for the API's own methods, expanded when the policy is saved (support/arns.ts).
          if (p && r.value.startsWith('execute-api:/') && restApiPolicy(target)) continue;
          if (p) report(r.span, p.message, p.warning ? { severity: 'warning' } : undefined);
        }
      }
    }
  },
});
