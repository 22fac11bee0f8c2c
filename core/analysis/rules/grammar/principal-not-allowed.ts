import { removePropertyFix } from '../support/edits';
import { NO_PRINCIPAL } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/principal-not-allowed',
  kinds: [...NO_PRINCIPAL],
  severity: 'error',
  message: 'Identity policies, permissions boundaries and SCPs have no Principal: the principal is whoever the policy is attached to.',
  doc: `A policy attached to a user, group or role (or used as a boundary or SCP) applies to that identity; IAM
rejects \`Principal\` and \`NotPrincipal\` in it. To let another principal in, write a trust policy or a
resource-based policy instead. **Fix:** remove the element (the quick fix does it).`,
  policy({ target, report }) {
    if (!NO_PRINCIPAL.has(target.kind)) return;
    for (const st of target.doc.statements) {
      for (const block of [st.principal, st.notPrincipal]) {
        if (!block) continue;
        const fix = target.pinned ? undefined : removePropertyFix('Remove the element', target.doc.uri, target.file.text, block.span);
        report(block.span, undefined, { fixes: fix ? [fix] : [] });
      }
    }
  },
});
