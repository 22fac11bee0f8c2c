import { allowsAction, conditionsOn, oidcHost } from '../support/trust';
import { defineRule } from '../types';

export default defineRule({
  id: 'trust/oidc-conditions',
  severity: 'error',
  message: 'A web-identity role without audience and subject conditions.',
  doc: `A role trusted by an OIDC provider (GitHub Actions, GitLab, EKS, ...) can be assumed with *any* token the
provider issues unless the trust policy checks the token's audience (\`<provider>:aud\`) and subject
(\`<provider>:sub\`). For GitHub's provider that means every repository on GitHub could assume your role;
a wildcard subject such as \`"repo:*"\` or \`"*"\` is as open. **Fix:** add
\`"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}\` and
\`"StringLike": {"token.actions.githubusercontent.com:sub": "repo:ORG/REPO:ref:refs/heads/main"}\`.`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (const st of target.doc.statements) {
      if (!allowsAction(st, 'sts:AssumeRoleWithWebIdentity')) continue;
      for (const e of st.principal?.entries ?? []) {
        if (e.type.value !== 'Federated') continue;
        for (const v of e.values) {
          const host = oidcHost(v.value);
          if (!host) continue;
          const github = host === 'token.actions.githubusercontent.com' || host.endsWith('.ghe.com');
          const sub = conditionsOn(st, `${host}:sub`);
          const aud = conditionsOn(st, `${host}:aud`);
          if (sub.length === 0) {
            report(v.span, `Any token from ${host} can assume this role: add a condition on ${host}:sub${github ? ' (the repository and branch)' : ''}.`, { severity: github ? 'error' : 'warning' });
          }
          if (aud.length === 0) report(v.span, `Add a condition on ${host}:aud (the audience${github ? ', "sts.amazonaws.com"' : ''}).`, { severity: 'warning' });
          for (const c of sub) {
            for (const s of c.values) {
              const value = String(s.value);
              const open = value === '*' || (github && (/^repo:\*/.test(value) || /^repo:[^/]*\*/.test(value) || !value.includes(':')));
              if (open) report(s.span, `The subject "${value}" matches tokens of ${github ? 'any repository' : 'any subject'}; pin the ${github ? 'organization and repository' : 'subject'}.`);
            }
          }
        }
      }
    }
  },
});
