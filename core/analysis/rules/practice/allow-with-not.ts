import { isAllow } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/allow-with-not',
  severity: 'warning',
  message: 'Allow with NotAction or NotResource grants everything except what is listed.',
  doc: `\`"Effect": "Allow"\` with \`NotAction\` allows every action but the listed ones, today's and those AWS adds
later; \`NotResource\` every resource but those listed. They are hard to review and grow silently
(\`NotPrincipal\` with Allow is not even accepted: see \`grammar/not-principal\`). **Fix:** list
what is allowed; keep \`Not*\` elements for Deny statements.`,
  policy({ target, report }) {
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!isAllow(st)) continue;
      if (st.notAction) report(st.notAction.span, 'Allow with NotAction allows every other action, including future ones; list the allowed actions instead.');
      if (st.notResource) report(st.notResource.span, 'Allow with NotResource allows every other resource; list the allowed resources instead.');
    }
  },
});
