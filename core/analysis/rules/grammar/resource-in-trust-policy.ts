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
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, items = [st.resource, st.notResource]; j < items.length; j++) {
        const list = items[j];
        if (!list) continue;
        const fix = target.pinned ? undefined : removePropertyFix('Remove the element', target.doc.uri, target.file.text, list.span);
        report(list.span, undefined, { fixes: fix ? [fix] : [] });
      }
    }
  },
});
