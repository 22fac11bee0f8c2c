import { removePropertyFix } from '../support/edits';
import { FACT } from '../support/facts';
import { NO_PRINCIPAL } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/principal-not-allowed',
  kinds: [...NO_PRINCIPAL],
  facts: FACT.principals,
  severity: 'error',
  message: 'Identity policies, permissions boundaries and SCPs have no Principal: the principal is whoever the policy is attached to.',
  doc: `A policy attached to a user, group or role (or used as a boundary or SCP) applies to that identity; IAM
rejects \`Principal\` and \`NotPrincipal\` in it. To let another principal in, write a trust policy or a
resource-based policy instead. **Fix:** remove the element (the quick fix does it).`,
  policy({ target, report }) {
    if (!NO_PRINCIPAL.has(target.kind)) return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, list = [st.principal, st.notPrincipal]; j < list.length; j++) {
        const block = list[j];
        if (!block) continue;
        const fix = target.pinned ? undefined : removePropertyFix('Remove the element', target.doc.uri, target.file.text, block.span);
        report(block.span, undefined, { fixes: fix ? [fix] : [] });
      }
    }
  },
});
