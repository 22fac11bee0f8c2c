import { head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/missing-action',
  severity: 'error',
  message: 'The statement has neither Action nor NotAction.',
  doc: `Every statement must say which actions it covers, with \`Action\` (or \`NotAction\`). IAM rejects the policy
otherwise. **Fix:** add an \`Action\` list.`,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!st.action && !st.notAction && !hasBadTypeFinding(target.doc.findings, st.span)) report(head(st.span));
    }
  },
});

function hasBadTypeFinding(findings: { message: string; span: { start: number; end: number } }[], span: { start: number; end: number }): boolean {
  return findings.some((f) => f.span.start >= span.start && f.span.end <= span.end && /^(Not)?Action /.test(f.message));
}
