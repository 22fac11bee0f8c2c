import { head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/missing-statement',
  severity: 'error',
  message: 'The policy document has no "Statement" element.',
  doc: `Every policy document needs a \`Statement\`: one statement object or an array of them. Without it IAM
rejects the document (IAM Access Analyzer: "Missing statement",
[check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
A misspelt key (\`"Statements"\`, \`"statement"\`) reads as a missing one. **Fix:** add
\`"Statement": [ { "Effect": ..., "Action": ..., "Resource": ... } ]\`.`,
  policy({ target, report }) {
    const { doc } = target;
    if (doc.statementSpan || doc.statements.length) return;
    // A document too large to be read (schema/policy-too-large) is reported as such, not as empty.
    if (doc.findings.some((f) => f.code === 'schema/policy-too-large')) return;
    const json = doc.json;
    if (!json || typeof json !== 'object' || Array.isArray(json)) return; // the parser reports other shapes
    const near = Object.keys(json).find((k) => k.toLowerCase().startsWith('statement'));
    report(head(doc.span), near ? `The document has "${near}" but no "Statement": the key is case-sensitive and singular.` : undefined);
  },
});
