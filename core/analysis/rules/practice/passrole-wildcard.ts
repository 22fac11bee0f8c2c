import { getCatalog } from '../../../data/catalog';
import { memo } from '../support/memo';
import { conditionKeys, isAllow, values } from '../support/policy';

const coversPassRole = memo((v: string) => v !== '*' && /^iam:/i.test(v) && getCatalog().actionsMatching(v).some((x) => x.id === 'iam:PassRole'));
import { defineRule } from '../types';

export default defineRule({
  id: 'practice/passrole-wildcard',
  severity: 'warning',
  message: 'iam:PassRole on every role without iam:PassedToService.',
  doc: `\`iam:PassRole\` lets a principal hand a role to a service (EC2, Lambda, ...), which then acts with the
role's permissions. On \`"Resource": "*"\` any role can be passed, including administrator roles: a
privilege escalation. **Fix:** name the roles (\`arn:aws:iam::ACCOUNT:role/app-*\`) and add a condition
\`"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}\`.`,
  policy({ target, report }) {
    if (target.kind !== 'identity') return;
    for (const st of target.doc.statements) {
      if (!isAllow(st) || !st.action) continue;
      const anyRole = values(st.resource).some((r) => r.value === '*' || (r.value.endsWith(':role/*') && /^arn:[^:]*:iam::[^:]*:role\/\*$/.test(r.value)));
      if (!anyRole || conditionKeys(st).has('iam:passedtoservice')) continue;
      for (const a of values(st.action)) {
        if (coversPassRole(a.value)) report(a.span, `"${a.value}" lets the holder pass any role to any service; name the roles and add an iam:PassedToService condition.`);
      }
    }
  },
});
