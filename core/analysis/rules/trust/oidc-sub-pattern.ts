import { parseOperator } from '../support/operators';
import { oidcTrusts } from '../support/oidc';
import { defineRule } from '../types';
import { openSubject } from './oidc-wildcard-sub';

/** The repository part of a GitHub subject (`repo:OWNER/REPO`) and what follows it, or undefined. */
function githubParts(value: string): { repository: string; rest: string } | undefined {
  const m = /^repo:([^:]*)(?::(.*))?$/s.exec(value);
  return m ? { repository: m[1], rest: m[2] ?? '' } : undefined;
}

export default defineRule({
  id: 'trust/oidc-sub-pattern',
  kinds: ['trust'],
  severity: 'info',
  message: "A GitHub subject pattern that names no single repository and branch (or environment).",
  doc: `GitHub's OIDC tokens name the workflow's source in their subject claim: \`repo:OWNER/REPO:ref:refs/heads/BRANCH\`,
\`repo:OWNER/REPO:environment:NAME\`, \`repo:OWNER/REPO:pull_request\`
([GitHub's OpenID Connect reference](https://docs.github.com/actions/reference/openid-connect-reference)).
A pattern such as \`repo:acme/*\` lets every repository of the owner assume the role, and \`repo:acme/app:*\` every
branch, tag, pull request and environment of the repository, including those anyone with write access can create.
IAM Access Analyzer: "Specific github repo and branch recommended" (a general warning)
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
Patterns that let in any repository or owner are \`trust/oidc-wildcard-sub\`'s (an error); this note is for the
narrower ones, under a \`Like\` operator (a wildcard under \`StringEquals\` is \`grammar/wildcard-without-like\`'s).
**Fix:** name the repository and the branch or environment
(\`"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"\`), one value per workflow source.`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, list = oidcTrusts(st); j < list.length; j++) {
        const t = list[j];
        if (!t.github) continue;
        for (let k = 0, sub = t.sub; k < sub.length; k++) {
          const c = sub[k];
          const op = parseOperator(c.operator.value);
          if (!op || op.negated || !/Like$/.test(op.base)) continue;
          for (let n = 0, values = c.values; n < values.length; n++) {
            const s = values[n];
            const value = String(s.value);
            if (!/[*?]/.test(value) || openSubject(value, true)) continue;
            const parts = githubParts(value);
            if (!parts) continue;
            const owner = parts.repository.split('/')[0];
            const anyRepository = /[*?]/.test(parts.repository);
            const what = anyRepository ? `every repository of ${owner} whose name matches` : `every branch, tag, pull request or environment of ${parts.repository} that matches`;
            const example = `repo:${anyRepository ? `${owner}/REPO` : parts.repository}:ref:refs/heads/main`;
            report(s.span, `The subject "${value}" lets in ${what}; IAM Access Analyzer recommends naming the repository and the branch or environment (e.g. ${example}).`);
          }
        }
      }
    }
  },
});
