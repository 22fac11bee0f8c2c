import { head } from '../support/policy';
import { policySize, quota } from '../support/quotas';
import { customerPolicyUsage } from '../support/targets';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/managed-policy-size',
  scope: 'entity',
  severity: 'error',
  message: 'The managed policy is larger than 6,144 characters.',
  doc: `A customer managed policy may hold 6,144 characters, whitespace not counted. **Fix:** split it into two
policies, or tighten it (wildcards for families of actions, \`NotAction\` in Deny statements, fewer ARNs).
A policy the organization uses as an SCP or RCP is not an IAM policy: \`quota/control-policy-size\` checks it
against the Organizations limit instead.`,
  file({ file, report }) {
    const limit = quota(file, 'managedPolicySize');
    const usage = customerPolicyUsage(file);
    for (const p of file.policies.values()) {
      const use = usage.get(p.name);
      if (use === 'scp' || use === 'rcp') continue;
      const size = policySize(p.document.json);
      if (size > limit) report(head(p.document.span), `Policy "${p.name}" holds ${size} characters without whitespace; IAM allows ${limit}.`);
    }
  },
});
