import { docFacts, FACT } from '../support/facts';
import { parseOperator } from '../support/operators';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/variable-operator',
  severity: 'error',
  message: 'Policy variables work only with String and Arn operators.',
  doc: `IAM substitutes policy variables (\`\${aws:username}\`) in condition values only under the String and Arn
operators; under Numeric, Date, Bool, IpAddress, Binary or Null the text \`\${...}\` is compared as it
stands and never matches (IAM Access Analyzer: "Invalid variable for operator",
[check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** compare with a fixed value, or use a String operator if the key allows it.`,
  facts: FACT.conditionVariables,
  policy({ target, report }) {
    if (!docFacts(target.doc, target.file.text).conditionVariables) return;
    for (const st of target.doc.statements) {
      for (const c of st.conditions) {
        const op = parseOperator(c.operator.value);
        if (!op || op.family === 'String' || op.family === 'Arn') continue;
        for (const v of c.values) {
          if (typeof v.value === 'string' && v.value.includes('${')) report(v.span, `${op.base} does not substitute policy variables: "${v.value}" is compared as written and never matches.`);
        }
      }
    }
  },
});
