import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/duplicate-key',
  severity: 'error',
  message: 'A key is written twice in one object of the policy.',
  doc: `A JSON object of a policy holds each key once: \`{"Effect": "Deny", ..., "Effect": "Allow"}\` reads as a Deny
to a person and as an Allow to a JSON reader that keeps the last value. The rule reports every key written a second
time in the document, in a statement, in a \`Condition\` block, in an operator's block and in a \`Principal\` /
\`NotPrincipal\` block, on the later key, with the first one as related information. Condition keys compare
ignoring case (AWS: "Context key names are not case-sensitive", IAM User Guide, *IAM JSON policy elements:
Condition*; IAM Access Analyzer reports keys that differ only in case as the error *Duplicate keys with different
case*); element names (\`Effect\`), operators and principal types compare exactly (a key such as \`"effect"\` is
an unknown element, reported as such).

What the evaluator does with them: for the document's and a statement's elements it reads the last value (as
\`JSON.parse\` does), so the example above is evaluated as an Allow; two blocks of one operator, or one condition
key twice, are both kept (every condition must hold); two \`"AWS"\` lists of a Principal are both kept (either
names the caller). AWS documents no reading for such a policy, so \`simulate-custom-policy\` and
\`simulate-principal-policy\` refuse it (\`MalformedPolicyDocument\`, with both positions) rather than answer with
one guess. **Fix:** keep one of the two keys, or merge their values into one.`,
  policy({ target, report }) {
    for (const d of target.doc.duplicateKeys ?? []) {
      const reading =
        d.uses === 'last'
          ? 'the evaluator reads the last one'
          : d.where.includes(' block of ') || d.where.startsWith('the Condition')
            ? 'the evaluator keeps both (both must hold)'
            : 'the evaluator keeps both (either one names the caller)';
      report(d.span, `Duplicate key "${d.key}" in ${d.where} of ${target.where}; ${reading}. Keep one.`, {
        related: [{ uri: target.doc.uri, span: d.firstSpan, message: `The first "${d.key}"` }],
      });
    }
  },
});
