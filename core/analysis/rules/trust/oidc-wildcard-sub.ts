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
    for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      for (let i2_ = 0, l2_ = oidcTrusts(st); i2_ < l2_.length; i2_++) { const t = l2_[i2_];
        for (let i3_ = 0, l3_ = t.sub; i3_ < l3_.length; i3_++) { const c = l3_[i3_];
          for (let i4_ = 0, l4_ = c.values; i4_ < l4_.length; i4_++) { const s = l4_[i4_];
            const value = String(s.value);
            if (openSubject(value, t.github)) report(s.span, `The subject "${value}" matches tokens of ${t.github ? 'any repository' : 'any subject'}; pin the ${t.github ? 'organization and repository' : 'subject'}.`);
          }
        }
      }
    }
  },
});
