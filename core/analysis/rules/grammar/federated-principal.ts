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
    for (const st of target.doc.statements) {
      for (const block of [st.principal, st.notPrincipal]) {
        for (const e of block?.entries ?? []) { if (e.type.value === 'Federated') report(e.type.span, `"Federated" principals are for role trust policies; name the role the provider's users assume instead.`); }
      }
    }
  },
});
