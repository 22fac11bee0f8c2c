import { wildcardMatcher } from '../../../data/catalog';
import { values } from '../support/policy';
import { defineRule } from '../types';

const TRUST_ACTIONS = [
  'sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession',
  'sts:SetSourceIdentity', 'sts:SetContext', 'sts:AssumeRoot',
];

export default defineRule({
  id: 'trust/action',
  kinds: ['trust'],
  severity: 'error',
  message: 'A trust policy may only allow assuming the role (sts:AssumeRole* and the session actions).',
  doc: `A role's trust policy controls who may *assume* it: its actions are \`sts:AssumeRole\`,
\`sts:AssumeRoleWithSAML\`, \`sts:AssumeRoleWithWebIdentity\`, and the session actions \`sts:TagSession\`,
\`sts:SetSourceIdentity\`, \`sts:SetContext\`. Other actions are rejected or mean nothing there; permissions
belong in the role's policies. **Fix:** keep only the assume action the principal uses.`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, list = [...values(st.action)]; j < list.length; j++) {
        const a = list[j];
        if (a.value === '*' || a.value === 'sts:*') continue;
        if (!TRUST_ACTIONS.some((t) => wildcardMatcher(a.value)(t))) report(a.span, `"${a.value}" is not an action of a trust policy; permissions go in the role's policies.`);
      }
    }
  },
});
