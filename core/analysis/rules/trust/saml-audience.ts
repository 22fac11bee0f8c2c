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
    for (const st of target.doc.statements) {
      if (!allowsAction(st, 'sts:AssumeRoleWithSAML')) continue;
      if (conditionsOn(st, 'SAML:aud').length) continue;
      for (const e of st.principal?.entries ?? []) {
        if (e.type.value !== 'Federated') continue;
        for (const v of e.values) { if (isSamlProvider(v.value)) report(v.span, 'Add "StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"} to this statement.'); }
      }
    }
  },
});
