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
    for (let i1_ = 0, l1_ = target.doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      if (st.effect?.value !== 'Allow') continue;
      for (let i2_ = 0, l2_ = st.principal?.entries ?? []; i2_ < l2_.length; i2_++) { const e = l2_[i2_];
        if (e.type.value !== 'Service') continue;
        for (let i3_ = 0, l3_ = e.values; i3_ < l3_.length; i3_++) { const v = l3_[i3_]; if (COMPUTE_SERVICES.has(v.value)) report(v.span, `Code running on ${v.value.replace('.amazonaws.com', '')} can use ${target.where.replace('the trust policy of ', '')}.`); }
      }
    }
  },
});
