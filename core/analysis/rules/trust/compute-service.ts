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
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (st.effect?.value !== 'Allow') continue;
      for (let j = 0, list = st.principal?.entries ?? []; j < list.length; j++) {
        const e = list[j];
        if (e.type.value !== 'Service') continue;
        for (let k = 0, values = e.values; k < values.length; k++) {
          const v = values[k];
          if (COMPUTE_SERVICES.has(v.value)) report(v.span, `Code running on ${v.value.replace('.amazonaws.com', '')} can use ${target.where.replace('the trust policy of ', '')}.`);
        }
      }
    }
  },
});
