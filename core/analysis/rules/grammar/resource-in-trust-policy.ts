import { removePropertyFix } from '../support/edits';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/resource-in-trust-policy',
  kinds: ['trust'],
  severity: 'error',
  message: 'A role trust policy has no Resource: the resource is the role itself.',
  doc: `IAM rejects a trust policy with \`Resource\` or \`NotResource\` ("Has prohibited field Resource"): the role
the policy belongs to is the resource. **Fix:** remove the element (the quick fix does it).`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      for (let i2_ = 0, l2_ = [st.resource, st.notResource]; i2_ < l2_.length; i2_++) { const list = l2_[i2_];
        if (!list) continue;
        const fix = target.pinned ? undefined : removePropertyFix('Remove the element', target.doc.uri, target.file.text, list.span);
        report(list.span, undefined, { fixes: fix ? [fix] : [] });
      }
    }
  },
});
