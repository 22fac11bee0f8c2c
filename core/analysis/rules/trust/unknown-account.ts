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
    for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      if (st.effect?.value !== 'Allow') continue;
      for (let i2_ = 0, l2_ = st.principal?.entries ?? []; i2_ < l2_.length; i2_++) { const e = l2_[i2_];
        if (e.type.value !== 'AWS') continue;
        for (let i3_ = 0, l3_ = e.values; i3_ < l3_.length; i3_++) { const v = l3_[i3_];
          const account = principalAccount(v.value);
          if (account && account !== own && !workspace.describesAccount(account)) report(v.span, `Account ${account} is trusted but no file of this workspace describes it.`);
        }
      }
    }
  },
});
