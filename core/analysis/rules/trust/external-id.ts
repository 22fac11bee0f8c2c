import { allowsAction, conditionsOn, principalAccount } from '../support/trust';
import { defineRule } from '../types';

export default defineRule({
  id: 'trust/external-id',
  kinds: ['trust'],
  severity: 'warning',
  message: 'Another account may assume this role without an sts:ExternalId condition.',
  doc: `When a third party (a vendor's account) assumes your role, an external id the vendor issues you protects
against the "confused deputy": someone else using the same vendor and naming your role ARN. AWS recommends
\`"StringEquals": {"sts:ExternalId": "..."}\` for every role another account assumes. Accounts of your own
(a file of this workspace describes them) get information instead; a condition on \`aws:PrincipalOrgID\` also
satisfies this rule. **Fix:** add the condition with the id the third party gave you.`,
  policy({ target, report, workspace }) {
    if (target.kind !== 'trust') return;
    const own = target.file.accountId;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!allowsAction(st, 'sts:AssumeRole')) continue;
      if (conditionsOn(st, 'sts:ExternalId').length || conditionsOn(st, 'aws:PrincipalOrgID').length) continue;
      for (let j = 0, list = st.principal?.entries ?? []; j < list.length; j++) {
        const e = list[j];
        if (e.type.value !== 'AWS') continue;
        for (let k = 0, values = e.values; k < values.length; k++) {
          const v = values[k];
          const account = principalAccount(v.value);
          if (!account || account === own) continue;
          const known = workspace.describesAccount(account);
          report(v.span, `Account ${account} may assume this role without an sts:ExternalId condition${known ? ' (the account is described in this workspace)' : ''}.`, {
            severity: known ? 'info' : 'warning',
          });
        }
      }
    }
  },
});
