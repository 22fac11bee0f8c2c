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
    for (const st of target.doc.statements) {
      if (st.effect?.value !== 'Allow') continue;
      for (const e of st.principal?.entries ?? []) {
        if (e.type.value !== 'AWS') continue;
        for (const v of e.values) {
          const account = principalAccount(v.value);
          if (account && account !== own && !workspace.describesAccount(account)) report(v.span, `Account ${account} is trusted but no file of this workspace describes it.`);
        }
      }
    }
  },
});
