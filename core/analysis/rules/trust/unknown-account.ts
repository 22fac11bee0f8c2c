import { principalAccount } from '../support/trust';
import { defineRule } from '../types';

export default defineRule({
  id: 'trust/unknown-account',
  kinds: ['trust'],
  severity: 'info',
  message: 'The trusted account is not described by any file of this workspace.',
  doc: `The role trusts an account this workspace knows nothing about, so the tool cannot tell who in it may assume
the role. That is expected for vendors; for accounts of your own, add their iam.json to the workspace.
**Fix:** none needed; make sure you know whose account it is.`,
  policy({ target, report, workspace }) {
    if (target.kind !== 'trust') return;
    const own = target.file.accountId;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (st.effect?.value !== 'Allow') continue;
      for (let j = 0, list = st.principal?.entries ?? []; j < list.length; j++) {
        const e = list[j];
        if (e.type.value !== 'AWS') continue;
        for (let k = 0, values = e.values; k < values.length; k++) {
          const v = values[k];
          const account = principalAccount(v.value);
          if (account && account !== own && !workspace.describesAccount(account)) report(v.span, `Account ${account} is trusted but no file of this workspace describes it.`);
        }
      }
    }
  },
});
