import { docFacts, FACT } from '../support/facts';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/condition-value-types',
  severity: 'error',
  message: 'The values of one condition key mix JSON types.',
  doc: `The values listed for one condition key are all strings, all numbers or all booleans: \`[10, "20"]\` or
\`[true, "false"]\` is rejected by IAM Access Analyzer ("Invalid condition data type",
[check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
Writing every value as a string is always accepted. **Fix:** quote the numbers and booleans (\`["10", "20"]\`).`,
  facts: FACT.multiValue,
  policy({ target, report }) {
    if (!docFacts(target.doc, target.file.text).multiValue) return;
    for (const st of target.doc.statements) {
      for (const c of st.conditions) {
        if (c.values.length < 2) continue;
        const first = typeof c.values[0].value;
        const odd = c.values.find((v) => typeof v.value !== first);
        if (odd) report(c.valuesSpan, `${c.key.value} mixes ${first}s and ${typeof odd.value}s (${JSON.stringify(odd.value)}); write every value as a string.`);
      }
    }
  },
});
