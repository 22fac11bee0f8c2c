import { docFacts, FAMILY, FACT } from '../support/facts';
import { parseOperator } from '../support/operators';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/bool-values',
  severity: 'error',
  message: 'A Bool condition takes one value, "true" or "false".',
  doc: `A \`Bool\` key holds one value, so \`"Bool": {"aws:SecureTransport": ["true", "false"]}\` either always matches
(when the key is present) or says nothing; IAM Access Analyzer rejects it ("Invalid condition multiple
Boolean", [check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
Values that are not \`true\`/\`false\` are \`grammar/condition-value\`'s. **Fix:** keep the one value you mean.`,
  facts: FACT.multiBool,
  policy({ target, report }) {
    const f = docFacts(target.doc, target.file.text);
    if (!f.multiValue || !(f.families & FAMILY.Bool)) return;
    for (const st of target.doc.statements) {
      for (const c of st.conditions) {
        if (c.values.length < 2) continue;
        const op = parseOperator(c.operator.value);
        if (op?.family !== 'Bool' || op.set) continue;
        report(c.valuesSpan, `${c.key.value} is a Boolean: give ${op.text} one value, not ${c.values.length}.`);
      }
    }
  },
});
