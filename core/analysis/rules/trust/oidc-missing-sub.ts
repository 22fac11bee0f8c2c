import { OIDC_DOC_FIX, oidcTrusts } from '../support/oidc';
import { defineRule } from '../types';

export default defineRule({
  id: 'trust/oidc-missing-sub',
  kinds: ['trust'],
  severity: 'error',
  message: 'A web-identity role without a subject condition: any token of the provider can assume it.',
  doc: `A role trusted by an OIDC provider (GitHub Actions, GitLab, EKS, ...) can be assumed with *any* token the
provider issues unless the trust policy checks the token's subject (\`<provider>:sub\`). For GitHub's provider
that means every workflow of every repository on GitHub. (An error for GitHub, a warning for other providers.)
${OIDC_DOC_FIX}`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (const st of target.doc.statements) {
      for (const t of oidcTrusts(st)) {
        if (t.sub.length) continue;
        report(t.principal.span, `Any token from ${t.host} can assume this role: add a condition on ${t.host}:sub${t.github ? ' (the repository and branch)' : ''}.`, {
          severity: t.github ? 'error' : 'warning',
        });
      }
    }
  },
});
