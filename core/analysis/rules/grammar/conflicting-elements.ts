import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/conflicting-elements',
  severity: 'error',
  message: 'A statement can have Action or NotAction, Resource or NotResource, Principal or NotPrincipal: not both.',
  doc: `Each pair is exclusive: a statement names what it covers either positively (\`Action\`) or by exception
(\`NotAction\`). IAM rejects a statement with both. **Fix:** keep one of the two; usually the positive form.`,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (st.action && st.notAction) report(st.notAction.span, 'This statement has both Action and NotAction; keep one.');
      if (st.resource && st.notResource) report(st.notResource.span, 'This statement has both Resource and NotResource; keep one.');
      if (st.principal && st.notPrincipal) report(st.notPrincipal.span, 'This statement has both Principal and NotPrincipal; keep one.');
    }
  },
});
