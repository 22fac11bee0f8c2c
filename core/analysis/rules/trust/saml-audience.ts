import { allowsAction, conditionsOn, isSamlProvider } from '../support/trust';
import { defineRule } from '../types';

export default defineRule({
  id: 'trust/saml-audience',
  kinds: ['trust'],
  severity: 'warning',
  message: 'A SAML role without a SAML:aud condition.',
  doc: `Roles for SAML federation should check that the assertion was meant for AWS sign-in:
\`"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}\` (the console wizard adds it). Without
it, an assertion issued for another service provider could be replayed here. **Fix:** add the condition.`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      if (!allowsAction(st, 'sts:AssumeRoleWithSAML')) continue;
      if (conditionsOn(st, 'SAML:aud').length) continue;
      for (let i2_ = 0, l2_ = st.principal?.entries ?? []; i2_ < l2_.length; i2_++) { const e = l2_[i2_];
        if (e.type.value !== 'Federated') continue;
        for (let i3_ = 0, l3_ = e.values; i3_ < l3_.length; i3_++) { const v = l3_[i3_]; if (isSamlProvider(v.value)) report(v.span, 'Add "StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"} to this statement.'); }
      }
    }
  },
});
