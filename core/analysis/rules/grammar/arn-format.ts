import { values } from '../support/policy';
import { arnProblem } from '../support/values';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/arn-format',
  severity: 'error',
  message: 'Malformed resource ARN.',
  doc: `\`Resource\` and \`NotResource\` take \`"*"\` or ARNs: \`arn:partition:service:region:account:resource\`, six
parts separated by colons (region and account may be empty, as in S3 and IAM ARNs). A missing colon or a
bad account id makes the statement match nothing. Wildcards in the service part match no real resource
either. **Fix:** write the ARN as the service documents it, e.g. \`arn:aws:s3:::my-bucket/*\`.`,
  policy({ target, report }) {
    for (const st of target.doc.statements) {
      for (const r of [...values(st.resource), ...values(st.notResource)]) {
        const problem = arnProblem(r.value);
        if (problem) {
          report(r.span, `"${r.value}": ${problem}.`);
          continue;
        }
        const service = r.value.split(':')[2];
        if (service && /[*?]/.test(service)) {
          report(r.span, `"${r.value}": a wildcard in the service part of an ARN; name the service.`, { severity: 'warning' });
        }
      }
    }
  },
});
