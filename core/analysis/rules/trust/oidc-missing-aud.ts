import { OIDC_DOC_FIX, oidcTrusts } from '../support/oidc';
import { defineRule } from '../types';

export default defineRule({
  id: 'trust/oidc-missing-aud',
  kinds: ['trust'],
  severity: 'warning',
  message: 'A web-identity role without an audience condition.',
  doc: `The audience (\`<provider>:aud\`) says which client the token was issued for (\`sts.amazonaws.com\` for GitHub
Actions' AWS credentials). Without the condition, tokens meant for other applications of the same provider are
accepted too. ${OIDC_DOC_FIX}`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, list = oidcTrusts(st); j < list.length; j++) {
        const t = list[j];
        if (!t.aud.length) report(t.principal.span, `Add a condition on ${t.host}:aud (the audience${t.github ? ', "sts.amazonaws.com"' : ''}).`);
      }
    }
  },
});
