import { cap, head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/empty-policy',
  severity: 'info',
  message: 'The policy has no statements: it grants (or, as a trust policy, lets assume) nothing.',
  doc: `A document with \`"Statement": []\` is valid but does nothing; as a role's trust policy it means nobody can
assume the role. Usually a placeholder that was never filled in. **Fix:** add the statements, or remove the
policy.`,
  policy({ target, report }) {
    const { doc } = target;
    if (doc.statements.length > 0 || !doc.statementSpan) return;
    if (doc.findings.some((f) => f.span.start >= doc.statementSpan!.start && f.span.end <= doc.statementSpan!.end)) return;
    report(head(doc.statementSpan), `${cap(target.where)} has no statements${target.kind === 'trust' ? ': nobody can assume the role' : ''}.`);
  },
});
