import { getCatalog } from '../../../data/catalog';
import { memo } from '../support/memo';
import { conditionKeys, isAllow, values } from '../support/policy';
import type { Statement } from '../../../policy/types';
import { defineRule } from '../types';

/** The action pattern covers iam:PassRole ("*" included). */
const coversPassRole = memo((v: string) => v === '*' || (/^iam:/i.test(v) && getCatalog().actionsMatching(v).some((x) => x.id === 'iam:PassRole')));

/** A resource pattern that names every role of some (or every) account. */
const EVERY_ROLE = /^arn:[^:]*:iam::[^:]*:role\/\*$/;

/** A NotResource list that leaves no role in: it lists "*" or every role. */
function notResourceExcludesRoles(st: Statement): boolean {
  return values(st.notResource).some((r) => r.value === '*' || (r.value.endsWith(':role/*') && EVERY_ROLE.test(r.value)));
}

export default defineRule({
  id: 'practice/passrole-wildcard',
  kinds: ['identity'],
  severity: 'warning',
  message: 'iam:PassRole on every role without iam:PassedToService.',
  doc: `\`iam:PassRole\` lets a principal hand a role to a service (EC2, Lambda, ...), which then acts with the
role's permissions. On \`"Resource": "*"\` any role can be passed, including administrator roles: a
privilege escalation. The same grant hides in \`NotAction\` (every action but those listed, PassRole
included unless listed) and in \`NotResource\` (every resource but those listed: roles included). IAM
Access Analyzer reports the six shapes as the security warnings "Pass role with star in resource",
"... with star in action and resource", "... with star in resource and NotAction", "... with NotResource",
"... with star in action and NotResource" and "... with NotAction and NotResource"
([policy validation check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** name the roles (\`arn:aws:iam::ACCOUNT:role/app-*\`) in \`Resource\` and add a condition
\`"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}\`.`,
  policy({ target, report }) {
    if (target.kind !== 'identity') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!isAllow(st) || (!st.action && !st.notAction)) continue;
      // Which resources: "*" or every role (unless iam:PassedToService narrows it), or anything but a
      // NotResource list that does not exclude the roles.
      const viaNotResource = st.notResource !== undefined && !notResourceExcludesRoles(st);
      const anyRole = values(st.resource).some((r) => r.value === '*' || (r.value.endsWith(':role/*') && EVERY_ROLE.test(r.value)));
      if (!viaNotResource && !(anyRole && !conditionKeys(st).has('iam:passedtoservice'))) continue;
      const where = viaNotResource ? 'every role but those NotResource lists' : 'any role';
      if (st.action) {
        for (let j = 0, list = values(st.action); j < list.length; j++) {
          const a = list[j];
          if (coversPassRole(a.value)) report(a.span, `"${a.value}" lets the holder pass ${where} to any service; name the roles in Resource and add an iam:PassedToService condition.`);
        }
      } else if (st.notAction && !values(st.notAction).some((a) => coversPassRole(a.value))) {
        report(st.notAction.span, `NotAction allows iam:PassRole (it is not listed), so the holder can pass ${where} to any service; list iam:PassRole in NotAction or grant it in its own statement on named roles.`);
      }
    }
  },
});
