import { quota } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/policy-versions',
  scope: 'entity',
  severity: 'error',
  message: 'A managed policy keeps at most 5 versions.',
  doc: `IAM stores up to five versions of a customer managed policy; creating a sixth fails until one is deleted.
**Fix:** delete old versions (not the default one).`,
  file({ file, report }) {
    const limit = quota(file, 'policyVersions');
    for (const p of file.policies.values()) {
      const v = p.versions;
      if (!v) continue;
      if (v.value > limit) report(v.span, `Policy "${p.name}" has ${v.value} versions; IAM keeps at most ${limit}.`);
      else if (v.value < 1 || !Number.isInteger(v.value)) report(v.span, `The number of versions must be a whole number from 1 to ${limit}.`);
    }
  },
});
