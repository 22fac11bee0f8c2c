import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/federated-principal',
  kinds: ['resource'],
  severity: 'error',
  message: 'A resource policy cannot name a federated identity provider.',
  doc: `\`"Principal": {"Federated": ...}\` names a SAML or OIDC provider, whose users get in by assuming a role: it
belongs in a role's trust policy. A bucket, queue or key policy does not accept it (IAM Access Analyzer:
"Federated principal not supported",
[check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** let the provider's users assume a role (trust policy), and name that role here.`,
  policy({ target, report }) {
    if (target.kind !== 'resource') return;
    for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      for (let i2_ = 0, l2_ = [st.principal, st.notPrincipal]; i2_ < l2_.length; i2_++) { const block = l2_[i2_];
        for (let i3_ = 0, l3_ = block?.entries ?? []; i3_ < l3_.length; i3_++) { const e = l3_[i3_]; if (e.type.value === 'Federated') report(e.type.span, `"Federated" principals are for role trust policies; name the role the provider's users assume instead.`); }
      }
    }
  },
});
