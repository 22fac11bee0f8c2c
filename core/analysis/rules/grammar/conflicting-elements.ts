import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/conflicting-elements',
  severity: 'error',
  message: 'A statement can have Action or NotAction, Resource or NotResource, Principal or NotPrincipal: not both.',
  doc: `Each pair is exclusive: a statement names what it covers either positively (\`Action\`) or by exception
(\`NotAction\`). IAM rejects a statement with both. **Fix:** keep one of the two; usually the positive form.`,
  policy({ target, report }) {
    for (const st of target.doc.statements) {
      const pairs = [
        ['Action', st.action?.span, 'NotAction', st.notAction?.span],
        ['Resource', st.resource?.span, 'NotResource', st.notResource?.span],
        ['Principal', st.principal?.span, 'NotPrincipal', st.notPrincipal?.span],
      ] as const;
      for (const [a, aSpan, b, bSpan] of pairs) {
        if (aSpan && bSpan) report(bSpan, `This statement has both ${a} and ${b}; keep one.`);
      }
    }
  },
});
