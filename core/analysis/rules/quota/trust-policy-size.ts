import { policySize, quota } from '../support/quotas';
import { head } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/trust-policy-size',
  scope: 'entity',
  severity: 'error',
  message: 'The trust policy is larger than the quota (2,048 characters by default).',
  doc: `A role's trust policy may hold 2,048 characters without whitespace; AWS can raise this to 4,096
(\`"trustPolicySize": 4096\` in \`account.quotas\` records that). **Fix:** trust whole accounts with conditions
(\`aws:PrincipalArn\`, \`aws:PrincipalOrgID\`) instead of listing many principals.`,
  file({ file, report }) {
    const limit = quota(file, 'trustPolicySize');
    for (const r of file.roles.values()) {
      if (!r.trustPolicy) continue;
      const size = policySize(r.trustPolicy.json);
      if (size > limit) report(r.trustPolicyKeySpan ?? head(r.trustPolicy.span), `The trust policy of role "${r.name}" holds ${size} characters without whitespace; the quota is ${limit}.`);
    }
  },
});
