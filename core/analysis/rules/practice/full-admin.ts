import { cap, hasStar, isAllow, values } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/full-admin',
  kinds: ['identity'],
  severity: 'warning',
  message: '"Action": "*" on "Resource": "*": full administrator access.',
  doc: `A statement allowing every action on every resource makes whoever holds the policy an administrator,
including of IAM itself (they can grant themselves anything else). Reserve it for the one administrators
group (the AWS managed \`AdministratorAccess\` says the same, visibly). **Fix:** list the services and
actions the holder needs; for administrators, use AdministratorAccess on a small group or an MFA-protected
role.`,
  policy({ target, report }) {
    if (target.kind !== 'identity') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!isAllow(st) || st.conditions.length || !hasStar(st.resource)) continue;
      for (let j = 0, list = values(st.action); j < list.length; j++) {
        const a = list[j];
        if (a.value === '*' || a.value === '*:*') report(a.span, `${cap(target.where)} allows every action on every resource.`);
      }
    }
  },
});
