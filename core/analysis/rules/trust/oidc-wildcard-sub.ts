import { OIDC_DOC_FIX, oidcTrusts } from '../support/oidc';
import { defineRule } from '../types';

/** Whether a subject pattern lets in any subject, or (GitHub) any repository or owner: this rule's finding. */
export function openSubject(value: string, github: boolean): boolean {
  return value === '*' || (github && (/^repo:\*/.test(value) || /^repo:[^/]*\*/.test(value) || !value.includes(':')));
}

export default defineRule({
  id: 'trust/oidc-wildcard-sub',
  kinds: ['trust'],
  severity: 'error',
  message: 'The subject condition matches any repository (or any subject).',
  doc: `A subject pattern such as \`"*"\`, \`"repo:*"\` or \`"repo:acme*"\` lets tokens of repositories you do not own
assume the role: anyone can create a GitHub repository whose name matches. Pin at least the organization and
repository (\`repo:acme/app:*\`), better the branch or environment too. ${OIDC_DOC_FIX}`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, list = oidcTrusts(st); j < list.length; j++) {
        const t = list[j];
        for (let k = 0, sub = t.sub; k < sub.length; k++) {
          const c = sub[k];
          for (let n = 0, values = c.values; n < values.length; n++) {
            const s = values[n];
            const value = String(s.value);
            if (openSubject(value, t.github)) report(s.span, `The subject "${value}" matches tokens of ${t.github ? 'any repository' : 'any subject'}; pin the ${t.github ? 'organization and repository' : 'subject'}.`);
          }
        }
      }
    }
  },
});
