import { isAllow } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/allow-with-not',
  severity: 'warning',
  message: 'Allow with NotAction, NotResource or NotPrincipal grants everything except what is listed.',
  doc: `\`"Effect": "Allow"\` with \`NotAction\` allows every action but the listed ones, today's and those AWS adds
later; \`NotResource\` every resource but those listed; and \`NotPrincipal\` with Allow everyone but the listed
principals (AWS advises against it altogether). They are hard to review and grow silently. **Fix:** list
what is allowed; keep \`Not*\` elements for Deny statements.`,
  policy({ target, report }) {
    for (const st of target.doc.statements) {
      if (!isAllow(st)) continue;
      if (st.notAction) report(st.notAction.span, 'Allow with NotAction allows every other action, including future ones; list the allowed actions instead.');
      if (st.notResource) report(st.notResource.span, 'Allow with NotResource allows every other resource; list the allowed resources instead.');
      if (st.notPrincipal) report(st.notPrincipal.span, 'Allow with NotPrincipal allows everyone else; name the principals instead.');
    }
  },
});
