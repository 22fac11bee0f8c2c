import { COMPUTE_SERVICES } from '../support/trust';
import { defineRule } from '../types';

export default defineRule({
  id: 'trust/compute-service',
  kinds: ['trust'],
  severity: 'info',
  message: 'Code running on a compute service can use this role.',
  doc: `Roles trusted by EC2, Lambda, ECS tasks, EKS pods and similar services are used by whatever code runs
there: anyone who can run code on (or pass the role to) such a resource gets the role's permissions. This
is usual; it is listed so the permissions of such roles get a second look. **Fix:** none needed; keep these
roles narrow and restrict \`iam:PassRole\` for them.`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (const st of target.doc.statements) {
      if (st.effect?.value !== 'Allow') continue;
      for (const e of st.principal?.entries ?? []) {
        if (e.type.value !== 'Service') continue;
        for (const v of e.values) { if (COMPUTE_SERVICES.has(v.value)) report(v.span, `Code running on ${v.value.replace('.amazonaws.com', '')} can use ${target.where.replace('the trust policy of ', '')}.`); }
      }
    }
  },
});
