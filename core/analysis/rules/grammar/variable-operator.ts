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
    for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      for (let i2_ = 0, l2_ = st.conditions; i2_ < l2_.length; i2_++) { const c = l2_[i2_];
        const op = parseOperator(c.operator.value);
        if (!op || op.family === 'String' || op.family === 'Arn') continue;
        for (let i3_ = 0, l3_ = c.values; i3_ < l3_.length; i3_++) { const v = l3_[i3_];
          if (typeof v.value === 'string' && v.value.includes('${')) report(v.span, `${op.base} does not substitute policy variables: "${v.value}" is compared as written and never matches.`);
        }
      }
    }
  },
});
